package dev.celador.cel;

/** The result type an expression must have, checked at compile time (dyn is accepted). */
public enum ExpectedType {
    BOOL("bool"),
    STRING("string"),
    STRING_OR_NULL("string or null"),
    ANY("any");

    private final String description;

    ExpectedType(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
