package dev.celador.policy;

/** A binding's validationActions entry, as in the native API. */
public enum ValidationAction {
    DENY("Deny"),
    WARN("Warn"),
    AUDIT("Audit");

    private final String wireName;

    ValidationAction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ValidationAction fromWire(String s) {
        for (ValidationAction a : values()) {
            if (a.wireName.equals(s)) {
                return a;
            }
        }
        return null;
    }
}
