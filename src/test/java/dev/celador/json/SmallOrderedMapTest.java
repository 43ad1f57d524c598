package dev.celador.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmallOrderedMapTest {

    @Test
    void randomOperationsAgreeWithALinkedHashMapAcrossTheSwitchToHashing() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            Map<String, Integer> expected = new LinkedHashMap<>();
            Map<String, Integer> actual = new SmallOrderedMap<>();
            int keys = 2 + random.nextInt(3 * SmallOrderedMap.ARRAY_LIMIT);
            for (int step = 0; step < 200; step++) {
                String key = "k" + random.nextInt(keys);
                switch (random.nextInt(9)) {
                    case 0, 1, 2 -> assertEquals(expected.put(key, step), actual.put(key, step));
                    case 3 -> assertEquals(expected.remove(key), actual.remove(key));
                    case 4 -> assertEquals(expected.putIfAbsent(key, step), actual.putIfAbsent(key, step));
                    case 5 -> removeEveryThirdThroughTheIterator(expected, actual);
                    case 6 -> setValuesThroughEntries(expected, actual, step);
                    case 7 -> assertEquals(expected.containsKey(key), actual.containsKey(key));
                    default -> {
                        if (random.nextInt(20) == 0) {
                            expected.clear();
                            actual.clear();
                        }
                    }
                }
                assertEquals(expected.get(key), actual.get(key));
                assertEquals(expected.size(), actual.size());
                assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(actual.entrySet()), "same entries in the same order");
            }
            assertEquals(expected, actual);
            assertEquals(actual, expected);
            assertEquals(expected.hashCode(), actual.hashCode());
            assertEquals(expected.toString(), actual.toString());
        }
    }

    private static void removeEveryThirdThroughTheIterator(Map<String, Integer> expected, Map<String, Integer> actual) {
        List<Iterator<Map.Entry<String, Integer>>> both = List.of(expected.entrySet().iterator(), actual.entrySet().iterator());
        for (Iterator<Map.Entry<String, Integer>> it : both) {
            int i = 0;
            while (it.hasNext()) {
                it.next();
                if (i++ % 3 == 0) {
                    it.remove();
                }
            }
        }
    }

    private static void setValuesThroughEntries(Map<String, Integer> expected, Map<String, Integer> actual, int value) {
        for (Map<String, Integer> map : List.of(expected, actual)) {
            for (Map.Entry<String, Integer> e : map.entrySet()) {
                if (e.getKey().endsWith("1")) {
                    e.setValue(value);
                }
            }
        }
    }

    @Test
    void anIteratorNoticesThatTheMapChangedUnderIt() {
        Map<String, Integer> map = new SmallOrderedMap<>();
        map.put("a", 1);
        map.put("b", 2);
        Iterator<Map.Entry<String, Integer>> it = map.entrySet().iterator();
        it.next();
        map.put("c", 3);
        assertThrows(ConcurrentModificationException.class, it::next);
    }

    @Test
    void removingTwiceOrBeforeNextIsRefusedAsByEveryMap() {
        Map<String, Integer> map = new SmallOrderedMap<>();
        map.put("a", 1);
        Iterator<Map.Entry<String, Integer>> it = map.entrySet().iterator();
        assertThrows(IllegalStateException.class, it::remove);
        it.next();
        it.remove();
        assertThrows(IllegalStateException.class, it::remove);
        assertTrue(map.isEmpty());
        assertFalse(it.hasNext());
    }

    @Test
    void nullKeysAndValuesAreKeysAndValuesLikeAnyOther() {
        Map<String, Integer> map = new SmallOrderedMap<>();
        map.put(null, null);
        map.put("a", null);
        assertTrue(map.containsKey(null));
        assertTrue(map.containsKey("a"));
        assertNull(map.get("a"));
        assertEquals(2, map.size());
        assertNull(map.remove(null));
        assertEquals(1, map.size());
    }
}
