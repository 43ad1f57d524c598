package dev.celador.policy;

/** One entry of spec.mutations: an ApplyConfiguration or JSONPatch expression. */
public record Mutation(PatchType patchType, String expression, SourceRef source) {

    /** How a mutation's expression result changes the object. */
    public enum PatchType {
        APPLY_CONFIGURATION("ApplyConfiguration"),
        JSON_PATCH("JSONPatch");

        private final String wireName;

        PatchType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
