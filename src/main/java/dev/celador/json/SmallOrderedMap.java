package dev.celador.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An insertion-ordered map that keeps up to {@value #ARRAY_LIMIT} entries in one array of keys
 * and values, and moves them to a {@link LinkedHashMap} once it grows past that. Most objects in a
 * Kubernetes manifest have a handful of fields: a LinkedHashMap spends about 56 bytes on itself,
 * 80 on its table and 40 per entry, where this spends 32 on itself, 16 on its array and 8 to 16
 * per entry (the array doubles), and a linear scan over a few interned keys is as quick as
 * hashing them.
 */
public final class SmallOrderedMap<K, V> extends AbstractMap<K, V> {

    /** Entries kept in the array; past this, lookups hash. */
    static final int ARRAY_LIMIT = 8;

    private Object[] slots; // key0, value0, key1, value1...
    private int size;
    private LinkedHashMap<K, V> large;
    private int modCount;
    private Set<Map.Entry<K, V>> entries;

    public SmallOrderedMap() {
    }

    @Override
    public int size() {
        return large != null ? large.size() : size;
    }

    @Override
    public boolean containsKey(Object key) {
        return large != null ? large.containsKey(key) : indexOf(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (large != null) {
            return large.get(key);
        }
        int i = indexOf(key);
        return i < 0 ? null : (V) slots[2 * i + 1];
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(K key, V value) {
        if (large != null) {
            return large.put(key, value);
        }
        int i = indexOf(key);
        if (i >= 0) {
            V old = (V) slots[2 * i + 1];
            slots[2 * i + 1] = value;
            return old;
        }
        modCount++;
        if (size == ARRAY_LIMIT) {
            large = new LinkedHashMap<>(2 * ARRAY_LIMIT + 2);
            for (int j = 0; j < size; j++) {
                large.put((K) slots[2 * j], (V) slots[2 * j + 1]);
            }
            large.put(key, value);
            slots = null;
            size = 0;
            return null;
        }
        if (slots == null) {
            slots = new Object[4];
        } else if (2 * size == slots.length) {
            slots = Arrays.copyOf(slots, Math.min(2 * slots.length, 2 * ARRAY_LIMIT));
        }
        slots[2 * size] = key;
        slots[2 * size + 1] = value;
        size++;
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        if (large != null) {
            return large.remove(key);
        }
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        V old = (V) slots[2 * i + 1];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        modCount++;
        System.arraycopy(slots, 2 * i + 2, slots, 2 * i, 2 * (size - i - 1));
        size--;
        slots[2 * size] = null;
        slots[2 * size + 1] = null;
    }

    @Override
    public void clear() {
        modCount++;
        large = null;
        slots = null;
        size = 0;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < size; i++) {
            Object k = slots[2 * i];
            // keys from a parser are canonical strings: identity settles most lookups
            if (k == key || (k != null && k.equals(key))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        if (entries == null) {
            entries = new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<K, V>> iterator() {
                    return large != null ? large.entrySet().iterator() : new ArrayIterator();
                }

                @Override
                public int size() {
                    return SmallOrderedMap.this.size();
                }

                @Override
                public void clear() {
                    SmallOrderedMap.this.clear();
                }
            };
        }
        return entries;
    }

    private final class ArrayIterator implements Iterator<Map.Entry<K, V>> {
        private int next;
        private int last = -1;
        private int expected = modCount;

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public Map.Entry<K, V> next() {
            if (expected != modCount) {
                throw new ConcurrentModificationException();
            }
            if (next >= size) {
                throw new NoSuchElementException();
            }
            last = next++;
            return new Slot(last);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            if (expected != modCount) {
                throw new ConcurrentModificationException();
            }
            removeAt(last);
            next = last;
            last = -1;
            expected = modCount;
        }
    }

    /** An entry that reads and writes its slot, as a LinkedHashMap's entry does. */
    private final class Slot implements Map.Entry<K, V> {
        private final int index;

        Slot(int index) {
            this.index = index;
        }

        @Override
        @SuppressWarnings("unchecked")
        public K getKey() {
            return (K) slots[2 * index];
        }

        @Override
        @SuppressWarnings("unchecked")
        public V getValue() {
            return (V) slots[2 * index + 1];
        }

        @Override
        public V setValue(V value) {
            V old = getValue();
            slots[2 * index + 1] = value;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && Objects.equals(getKey(), e.getKey()) && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}
