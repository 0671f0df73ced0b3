using Orchestrator.Store.Objects;

namespace Orchestrator.Store.Watch;

/// <summary>
/// The most recent changes, in revision order, in a fixed-size circular buffer. It holds every change after
/// <see cref="BaseRevision"/> up to the latest appended; when full, the oldest leave and the base moves up.
/// </summary>
internal sealed class ChangeRing(int capacity)
{
    private readonly ObjectChange[] _items = new ObjectChange[capacity];
    private readonly object _gate = new();
    private int _start;
    private int _count;
    private long _base;
    private long _reached;

    public long BaseRevision
    {
        get
        {
            lock (_gate)
            {
                return _base;
            }
        }
    }

    public void Reset(long revision)
    {
        lock (_gate)
        {
            Array.Clear(_items);
            _start = 0;
            _count = 0;
            _base = revision;
            _reached = revision;
        }
    }

    /// <summary>Appends changes that follow the latest held, all of them up to <paramref name="reached"/>.</summary>
    public void Append(IReadOnlyList<ObjectChange> changes, long reached)
    {
        lock (_gate)
        {
            foreach (var change in changes)
            {
                if (_count == _items.Length)
                {
                    _base = _items[_start].Revision;
                    _items[_start] = null!;
                    _start = (_start + 1) % _items.Length;
                    _count--;
                }

                _items[(_start + _count) % _items.Length] = change;
                _count++;
            }

            if (_count == 0)
            {
                _base = Math.Max(_base, reached);
            }

            _reached = Math.Max(_reached, reached);
        }
    }

    /// <summary>
    /// Copies the changes after a revision; <paramref name="reached"/> is the revision up to which the copy is
    /// complete. False when the ring no longer reaches back that far.
    /// </summary>
    public bool TryRead(long after, List<ObjectChange> into, out long reached)
    {
        lock (_gate)
        {
            reached = _reached;
            if (after < _base)
            {
                return false;
            }

            var first = FirstAfter(after);
            for (var i = first; i < _count; i++)
            {
                into.Add(_items[(_start + i) % _items.Length]);
            }

            return true;
        }
    }

    public StoredObject? Find(long revision)
    {
        lock (_gate)
        {
            var i = FirstAfter(revision - 1);
            return i < _count && _items[(_start + i) % _items.Length].Revision == revision
                ? _items[(_start + i) % _items.Length].Object
                : null;
        }
    }

    // The position of the first held change with a revision greater than the given one (binary search).
    private int FirstAfter(long revision)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_items[(_start + middle) % _items.Length].Revision <= revision)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
