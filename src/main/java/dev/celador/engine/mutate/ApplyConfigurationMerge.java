package dev.celador.engine.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.celador.cel.KubernetesVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The merge behind a MutatingAdmissionPolicy mutation with {@code patchType: ApplyConfiguration}: a
 * server-side-apply style structural merge of an apply configuration into an object, as
 * {@code ApplyStructuredMergeDiff} in k8s.io/apiserver ({@code admission/plugin/policy/mutating/patch/smd.go})
 * does with sigs.k8s.io/structured-merge-diff, here without an OpenAPI schema: list semantics come
 * from the {@link #LIST_RULES} table below instead.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li><b>Maps</b> (JSON objects) merge field by field, recursively; fields the apply configuration
 *       does not mention are kept.</li>
 *   <li><b>null</b> in the apply configuration removes the field.</li>
 *   <li><b>Scalars</b> replace; so does a value whose JSON type differs from the object's.</li>
 *   <li><b>Lists</b> merge when the table lists them:
 *     <ul>
 *       <li><b>list-maps</b> ({@code +listType=map}) merge element by element, matched on their key
 *           fields. Elements of the object keep their order; elements of the apply configuration with
 *           a new key are appended in their order (structured-merge-diff's order). A key field may
 *           have a default (ports' {@code protocol} defaults to {@code TCP}), used for matching only.</li>
 *       <li><b>sets</b> ({@code +listType=set}) are a union: the object's items, then the new ones.</li>
 *     </ul></li>
 *   <li><b>Atomic lists, maps and structs are refused</b>, as Kubernetes refuses them
 *       ({@code validatePatch} in smd.go: "may not mutate atomic arrays, maps or structs", every such
 *       path listed, before anything merges): an apply configuration could only replace them whole,
 *       silently dropping what it leaves out. Every list the table does not list is atomic (the
 *       schema converter's default, {@code getListElementRelationship} in kube-openapi's schemaconv),
 *       and so are the maps and structs of {@link #ATOMIC_FIELDS}. A JSON patch changes them.</li>
 * </ul>
 * Errors ({@link MutationException}, naming the field path, never a partly merged object): an element
 * of a list-map that is not an object or lacks a key field without default, two elements of the apply
 * configuration with the same key (or a set with a repeated item), an object whose list-maps or sets
 * repeat a key (before 1.37, see {@link #apply(JsonNode, JsonNode, KubernetesVersion)}), an
 * {@code apiVersion}/{@code kind} that differs from the object's, atomic fields, and inputs that are
 * not objects.
 *
 * <h2>Where this differs from Kubernetes</h2>
 * <ul>
 *   <li>Kubernetes converts through the type's schema (unknown fields are errors, key defaults come
 *       from the schema); here unknown fields merge like any map field, and only the table's defaults apply.</li>
 *   <li>The tables cover built-in types. Custom resources' {@code x-kubernetes-list-type} and
 *       {@code x-kubernetes-map-type} markers are not read: their lists are atomic (refused) unless a
 *       row here happens to match by field name, and their maps are granular.</li>
 * </ul>
 *
 * <p>Pure and copy-on-write: never modifies its inputs. The result shares every subtree the
 * configuration leaves unchanged with the object (trees are never modified in place in the engine),
 * and is the object itself when nothing changes, so a later diff or equality check skips shared
 * parts by identity.
 */
public final class ApplyConfigurationMerge {

    /** A list's merge strategy. Lists matching no rule are atomic. */
    enum ListType { MAP, SET }

    /** One key field of a list-map element, with the value assumed when an element omits it (or null). */
    record KeyField(String name, JsonNode defaultValue) {
    }

    /**
     * One row of the table. {@code pattern} is a field path with {@code []} for "an element of the
     * list", matched against the end of the path being merged (so {@code containers} matches
     * {@code spec.containers} in a Pod and {@code spec.template.spec.containers} in a Deployment).
     * A row with a {@code kind} matches only objects of that kind, and only from the object's root.
     */
    record ListRule(String kind, List<String> pattern, ListType type, List<KeyField> keys) {

        boolean matches(String rootKind, List<String> path) {
            if (kind != null) {
                return kind.equals(rootKind) && pattern.equals(path);
            }
            return path.size() >= pattern.size()
                    && pattern.equals(path.subList(path.size() - pattern.size(), path.size()));
        }

        String describeKeys() {
            return String.join(" + ", keys.stream().map(KeyField::name).toList());
        }
    }

    /**
     * Lists that are not atomic, from the {@code +listType}/{@code +listMapKey} markers of k8s.io/api.
     * Checked and left atomic on purpose, as Kubernetes has them: {@code tolerations},
     * {@code volumeClaimTemplates} (StatefulSetSpec: {@code +listType=atomic}), {@code args},
     * {@code command}, {@code envFrom}, {@code accessModes}.
     */
    static final List<ListRule> LIST_RULES = List.of(
            map("containers", key("name")),
            map("initContainers", key("name")),
            map("ephemeralContainers", key("name")),
            map("containers[].ports", key("containerPort"), key("protocol", "TCP")),
            map("initContainers[].ports", key("containerPort"), key("protocol", "TCP")),
            map("ephemeralContainers[].ports", key("containerPort"), key("protocol", "TCP")),
            mapOfKind("Service", "spec.ports", key("port"), key("protocol", "TCP")),
            map("env", key("name")),
            map("volumes", key("name")),
            map("volumeMounts", key("mountPath")),
            map("volumeDevices", key("devicePath")),
            map("imagePullSecrets", key("name")),
            map("ownerReferences", key("uid")),
            map("conditions", key("type")),
            set("metadata.finalizers"));

    /**
     * Maps and structs of built-in types that are atomic ({@code +mapType=atomic},
     * {@code +structType=atomic} in k8s.io/api and apimachinery), by the same end-of-path patterns:
     * label selectors ({@code metav1.LabelSelector}; a Service's and a ReplicationController's
     * {@code selector} map), {@code nodeSelector}, the key and field references of {@code valueFrom},
     * a claim's {@code dataSource}, and the elements of {@code imagePullSecrets}
     * ({@code LocalObjectReference}) and {@code ownerReferences}.
     */
    static final List<List<String>> ATOMIC_FIELDS = List.of(
            split("selector"), split("labelSelector"), split("namespaceSelector"), split("nodeSelector"),
            split("scopeSelector"), split("valueFrom.secretKeyRef"), split("valueFrom.configMapKeyRef"),
            split("valueFrom.fieldRef"), split("valueFrom.resourceFieldRef"), split("valueFrom.fileKeyRef"),
            split("spec.dataSource"), split("imagePullSecrets[]"), split("metadata.ownerReferences[]"));

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ApplyConfigurationMerge() {
    }

    /**
     * The object with the apply configuration merged in, as a new tree.
     *
     * @throws MutationException when the configuration cannot be merged; the message names the path
     */
    public static JsonNode apply(JsonNode object, JsonNode applyConfiguration) throws MutationException {
        return apply(object, applyConfiguration, KubernetesVersion.configured());
    }

    /**
     * The merge as the given release's API server does it. They differ on an object whose list-maps
     * or sets already repeat a key: up to 1.36 the API server cannot convert such an object and the
     * mutation fails; from 1.37 it converts it with {@code typed.AllowDuplicates} (smd.go), keeps the
     * repeated elements the configuration does not name, and replaces those it names by the
     * configuration's element alone, where the first of them stood (structured-merge-diff's
     * mergeListMap: repeated elements are not merged with the new value).
     *
     * @throws MutationException when the configuration cannot be merged; the message names the path
     */
    public static JsonNode apply(JsonNode object, JsonNode applyConfiguration, KubernetesVersion version)
            throws MutationException {
        if (object == null || !object.isObject()) {
            throw new MutationException("", "the object to mutate must be a JSON object");
        }
        if (applyConfiguration == null || !applyConfiguration.isObject()) {
            throw new MutationException("", "an apply configuration must be a JSON object");
        }
        for (String field : List.of("apiVersion", "kind")) {
            JsonNode wanted = applyConfiguration.get(field);
            if (wanted != null && !wanted.isNull() && !wanted.equals(object.get(field))) {
                throw new MutationException(field, "apply configuration has " + field + " " + wanted
                        + " but the object has " + object.path(field));
            }
        }
        String rootKind = object.path("kind").asText(null);
        boolean duplicatesAllowed = version.atLeast(KubernetesVersion.V1_37);
        Merger merger = new Merger(rootKind, duplicatesAllowed);
        if (!duplicatesAllowed) {
            String repeated = merger.firstRepeatedKey(object, new Path(List.of(), ""));
            if (repeated != null) {
                throw new MutationException("", "failed to convert the object: duplicate entries for " + repeated
                        + " (the API server of this release cannot merge into an object that repeats a list key)");
            }
        }
        List<String> atomics = new ArrayList<>();
        merger.collectAtomics(applyConfiguration, new Path(List.of(), ""), atomics);
        if (!atomics.isEmpty()) {
            throw new MutationException("", "may not mutate atomic arrays, maps or structs: "
                    + String.join(", ", atomics) + " (an apply configuration cannot merge into them; use a JSONPatch mutation)");
        }
        return merger.merge(object, applyConfiguration, new Path(List.of(), ""));
    }

    /** Where the merge is: field names with {@code []} for list elements, and a readable form for errors. */
    private record Path(List<String> fields, String display) {

        Path field(String name) {
            return new Path(append(name), display.isEmpty() ? name : display + "." + name);
        }

        Path element(int indexInConfiguration) {
            return new Path(append("[]"), display + "[" + indexInConfiguration + "]");
        }

        private List<String> append(String segment) {
            List<String> next = new ArrayList<>(fields.size() + 1);
            next.addAll(fields);
            next.add(segment);
            return List.copyOf(next);
        }
    }

    private record Merger(String rootKind, boolean duplicatesAllowed) {

        /** The first key a list-map or set of the object repeats, as path and key; null when none does. */
        String firstRepeatedKey(JsonNode node, Path path) {
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> e = fields.next();
                    String found = firstRepeatedKey(e.getValue(), path.field(e.getKey()));
                    if (found != null) {
                        return found;
                    }
                }
            } else if (node.isArray()) {
                ListRule rule = ruleFor(path);
                if (rule != null) {
                    Set<String> seen = new HashSet<>();
                    for (JsonNode item : node) {
                        String key = rule.type() == ListType.SET
                                ? (item.isValueNode() ? canonical(item) : null)
                                : optionalKey(item, rule);
                        if (key != null && !seen.add(key)) {
                            return path.display() + " " + (rule.type() == ListType.SET ? item.toString() : describe(item, rule));
                        }
                    }
                }
                for (int i = 0; i < node.size(); i++) {
                    String found = firstRepeatedKey(node.get(i), path.element(i));
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }

        /** The paths, as Kubernetes writes them ({@code .spec.accessModes}), of atomic values the configuration sets. */
        void collectAtomics(JsonNode config, Path path, List<String> out) {
            if (config.isObject()) {
                if (!path.fields().isEmpty() && isAtomicField(path)) {
                    out.add("." + path.display());
                }
                Iterator<Map.Entry<String, JsonNode>> fields = config.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> e = fields.next();
                    if (!e.getValue().isNull()) {
                        collectAtomics(e.getValue(), path.field(e.getKey()), out);
                    }
                }
            } else if (config.isArray()) {
                if (ruleFor(path) == null) {
                    out.add("." + path.display());
                }
                for (int i = 0; i < config.size(); i++) {
                    collectAtomics(config.get(i), path.element(i), out);
                }
            }
        }

        private static boolean isAtomicField(Path path) {
            List<String> fields = path.fields();
            for (List<String> pattern : ATOMIC_FIELDS) {
                if (fields.size() >= pattern.size() && pattern.equals(fields.subList(fields.size() - pattern.size(), fields.size()))) {
                    return true;
                }
            }
            return false;
        }

        JsonNode merge(JsonNode live, JsonNode config, Path path) throws MutationException {
            if (config.isObject()) {
                return mergeObject(live, config, path);
            }
            if (config.isArray()) {
                ListRule rule = ruleFor(path);
                if (rule == null) {
                    // Atomic: refused by collectAtomics before the merge starts.
                    throw new MutationException(path.display(), "may not mutate atomic arrays, maps or structs");
                }
                ArrayNode liveList = live != null && live.isArray() ? (ArrayNode) live : NODES.arrayNode();
                return rule.type() == ListType.SET
                        ? mergeSet(liveList, (ArrayNode) config, path)
                        : mergeListMap(liveList, (ArrayNode) config, rule, path);
            }
            return liveWhenEqual(live, config);
        }

        /** Copy-on-write: the live object itself when no field changes, else a shallow copy with the changes. */
        private JsonNode mergeObject(JsonNode live, JsonNode config, Path path) throws MutationException {
            ObjectNode liveObject = live != null && live.isObject() ? (ObjectNode) live : null;
            ObjectNode out = null;
            Iterator<Map.Entry<String, JsonNode>> fields = config.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                JsonNode current = liveObject == null ? null : liveObject.get(e.getKey());
                if (e.getValue().isNull()) {
                    if (current != null) {
                        out = out == null ? ShallowCopy.of(liveObject) : out;
                        out.remove(e.getKey());
                    }
                    continue;
                }
                JsonNode merged = merge(current, e.getValue(), path.field(e.getKey()));
                if (merged != current) {
                    out = out == null ? ShallowCopy.of(liveObject) : out;
                    out.set(e.getKey(), merged);
                }
            }
            if (out != null) {
                return out;
            }
            return liveObject != null ? liveObject : NODES.objectNode();
        }

        private ArrayNode mergeSet(ArrayNode live, ArrayNode config, Path path) throws MutationException {
            ArrayNode out = null;
            Set<String> present = new HashSet<>();
            live.forEach(item -> present.add(canonical(item)));
            Set<String> seenInConfig = new HashSet<>();
            for (int i = 0; i < config.size(); i++) {
                JsonNode item = config.get(i);
                if (!item.isValueNode() || item.isNull()) {
                    throw new MutationException(path.element(i).display(), "a set holds only scalar values, got " + item);
                }
                String c = canonical(item);
                if (!seenInConfig.add(c)) {
                    throw new MutationException(path.element(i).display(), "duplicate set item " + item);
                }
                if (present.add(c)) {
                    out = out == null ? ShallowCopy.of(live) : out;
                    out.add(item);
                }
            }
            return out == null ? live : out;
        }

        private ArrayNode mergeListMap(ArrayNode live, ArrayNode config, ListRule rule, Path path)
                throws MutationException {
            Map<String, Integer> configIndexByKey = new HashMap<>();
            List<String> configKeys = new ArrayList<>(config.size());
            for (int i = 0; i < config.size(); i++) {
                Path where = path.element(i);
                JsonNode item = config.get(i);
                if (!item.isObject()) {
                    throw new MutationException(where.display(), "an element of a list keyed by "
                            + rule.describeKeys() + " must be an object, got " + item.getNodeType().toString().toLowerCase());
                }
                String key = requiredKey(item, rule, where);
                if (configIndexByKey.putIfAbsent(key, i) != null) {
                    throw new MutationException(where.display(), "duplicate element for key " + describe(item, rule)
                            + " (also at index " + configIndexByKey.get(key) + ")");
                }
                configKeys.add(key);
            }

            ArrayNode out = NODES.arrayNode();
            boolean changed = false;
            Set<String> matched = new HashSet<>();
            for (JsonNode item : live) {
                String key = optionalKey(item, rule);
                Integer index = key == null ? null : configIndexByKey.get(key);
                if (index == null) {
                    out.add(item);
                    continue;
                }
                if (!matched.add(key)) {
                    if (duplicatesAllowed) {
                        changed = true; // later repeats of a named key are dropped
                        continue;
                    }
                    throw new MutationException(path.element(index).display(), "the object has more than one element"
                            + " with key " + describe(config.get(index), rule) + "; cannot tell which to merge into");
                }
                boolean repeated = duplicatesAllowed && countKey(live, key, rule) > 1;
                JsonNode merged = merge(repeated ? null : item, config.get(index), path.element(index));
                changed |= repeated;
                changed |= merged != item;
                out.add(merged);
            }
            for (int i = 0; i < config.size(); i++) {
                if (!matched.contains(configKeys.get(i))) {
                    changed = true;
                    out.add(merge(null, config.get(i), path.element(i)));
                }
            }
            return changed ? out : live;
        }

        private static int countKey(ArrayNode live, String key, ListRule rule) {
            int n = 0;
            for (JsonNode item : live) {
                if (key.equals(optionalKey(item, rule))) {
                    n++;
                }
            }
            return n;
        }

        private ListRule ruleFor(Path path) {
            for (ListRule rule : LIST_RULES) {
                if (rule.matches(rootKind, path.fields())) {
                    return rule;
                }
            }
            return null;
        }
    }

    /** A scalar that sets what the object already holds keeps the object's node. */
    private static JsonNode liveWhenEqual(JsonNode live, JsonNode config) {
        return config.equals(live) ? live : config.deepCopy();
    }

    private static String requiredKey(JsonNode item, ListRule rule, Path where) throws MutationException {
        StringBuilder key = new StringBuilder();
        for (KeyField field : rule.keys()) {
            JsonNode value = keyValue(item, field);
            if (value == null) {
                throw new MutationException(where.display(), "element is missing key field '" + field.name()
                        + "' (this list is merged by " + rule.describeKeys() + ")");
            }
            if (!value.isValueNode()) {
                throw new MutationException(where.display() + "." + field.name(), "key field must be a scalar, got "
                        + value.getNodeType().toString().toLowerCase());
            }
            key.append(canonical(value)).append('\u0000');
        }
        return key.toString();
    }

    /** The key of an element of the object, or null when it has none (kept as is, never matched). */
    private static String optionalKey(JsonNode item, ListRule rule) {
        if (!item.isObject()) {
            return null;
        }
        StringBuilder key = new StringBuilder();
        for (KeyField field : rule.keys()) {
            JsonNode value = keyValue(item, field);
            if (value == null || !value.isValueNode()) {
                return null;
            }
            key.append(canonical(value)).append('\u0000');
        }
        return key.toString();
    }

    private static JsonNode keyValue(JsonNode item, KeyField field) {
        JsonNode value = item.get(field.name());
        if (value == null || value.isNull()) {
            return field.defaultValue();
        }
        return value;
    }

    private static String describe(JsonNode item, ListRule rule) {
        List<String> parts = new ArrayList<>();
        for (KeyField field : rule.keys()) {
            parts.add(field.name() + "=" + keyValue(item, field));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    /** Equal for equal scalars whatever their Java number type (8080 as int or long). */
    private static String canonical(JsonNode scalar) {
        if (scalar.isNumber()) {
            return "n:" + scalar.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (scalar.isBoolean()) {
            return "b:" + scalar.booleanValue();
        }
        if (scalar.isTextual()) {
            return "s:" + scalar.textValue();
        }
        return "j:" + scalar;
    }

    private static ListRule map(String pattern, KeyField... keys) {
        return new ListRule(null, split(pattern), ListType.MAP, List.of(keys));
    }

    private static ListRule mapOfKind(String kind, String pattern, KeyField... keys) {
        return new ListRule(kind, split(pattern), ListType.MAP, List.of(keys));
    }

    private static ListRule set(String pattern) {
        return new ListRule(null, split(pattern), ListType.SET, List.of());
    }

    private static KeyField key(String name) {
        return new KeyField(name, null);
    }

    private static KeyField key(String name, String defaultValue) {
        return new KeyField(name, TextNode.valueOf(defaultValue));
    }

    /** "containers[].ports" to [containers, [], ports]. */
    private static List<String> split(String pattern) {
        return Arrays.stream(pattern.replace("[]", ".[]").split("\\.")).toList();
    }
}
