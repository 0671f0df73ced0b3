using Orchestrator.Store.Errors;

namespace Orchestrator.Store.Selection;

/// <summary>A cursor over a selector's text, with errors that point at the position.</summary>
internal sealed class SelectorReader(string text)
{
    private int _position;

    public bool AtEnd => _position >= text.Length;

    public char Previous => text[_position - 1];

    public char Peek() => text[_position];

    public void SkipSpaces()
    {
        while (!AtEnd && char.IsWhiteSpace(text[_position]))
        {
            _position++;
        }
    }

    public bool TryConsume(char c)
    {
        SkipSpaces();
        if (AtEnd || text[_position] != c)
        {
            return false;
        }

        _position++;
        return true;
    }

    public bool TryConsume(string token)
    {
        SkipSpaces();
        if (string.CompareOrdinal(text, _position, token, 0, token.Length) != 0)
        {
            return false;
        }

        _position += token.Length;
        return true;
    }

    public string ReadWhile(Func<char, bool> accept)
    {
        var start = _position;
        while (!AtEnd && accept(text[_position]))
        {
            _position++;
        }

        return text[start.._position];
    }

    public string ReadWord()
    {
        SkipSpaces();
        return ReadWhile(c => !char.IsWhiteSpace(c) && c is not '(' and not ',');
    }

    public InvalidRequestException Error(string problem) =>
        new($"unable to parse requirement: {problem} (in \"{text}\" at position {_position})");
}
