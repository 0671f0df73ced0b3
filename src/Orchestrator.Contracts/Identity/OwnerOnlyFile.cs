namespace Orchestrator.Contracts.Identity;

/// <summary>Writes secrets to files only their owner may read (mode 0600), never replacing an existing file.</summary>
public static class OwnerOnlyFile
{
    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> unless the file already exists; returns false
    /// then, and leaves the existing file as it is. The content appears all at once: it is written to a temporary
    /// file first and moved into place.
    /// </summary>
    public static bool WriteNew(string path, ReadOnlySpan<byte> content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);

        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var file = new FileStream(temporary, options))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            if (File.Exists(path))
            {
                return false;
            }

            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process won the race; its file stands.
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
