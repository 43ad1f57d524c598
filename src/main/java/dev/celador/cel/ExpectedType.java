package dev.celador.cel;

/**
 * The result type an expression must have, checked at compile time (dyn is accepted). The two
 * mutation types also enable their typed literals, see MutationLiterals.
 */
public enum ExpectedType {
    BOOL("bool"),
    STRING("string"),
    STRING_OR_NULL("string or null"),
    ANY("any"),
    /** A MutatingAdmissionPolicy applyConfiguration: an Object{...} literal (a map at runtime). */
    APPLY_CONFIGURATION("Object{...}"),
    /** A MutatingAdmissionPolicy jsonPatch: a list of JSONPatch{...} literals (maps at runtime). */
    JSON_PATCH("a list of JSONPatch{...}");

    private final String description;

    ExpectedType(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
