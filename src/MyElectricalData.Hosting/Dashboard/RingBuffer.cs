namespace MyElectricalData.Hosting.Dashboard;

/// <summary>A fixed-size buffer that drops its oldest item when full, so a long session keeps bounded memory.</summary>
internal sealed class RingBuffer<T>(int capacity)
{
    private readonly T[] _items = new T[Math.Max(1, capacity)];
    private readonly Lock _lock = new();
    private int _next;
    private int _count;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public void AddRange(IEnumerable<T> items)
    {
        lock (_lock)
        {
            foreach (var item in items)
            {
                _items[_next] = item;
                _next = (_next + 1) % _items.Length;
                _count = Math.Min(_count + 1, _items.Length);
            }
        }
    }

    /// <summary>The items, oldest first.</summary>
    public List<T> Snapshot()
    {
        lock (_lock)
        {
            var result = new List<T>(_count);
            var start = (_next - _count + _items.Length) % _items.Length;
            for (var i = 0; i < _count; i++)
            {
                result.Add(_items[(start + i) % _items.Length]);
            }
            return result;
        }
    }
}
