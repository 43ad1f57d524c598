package dev.celador.policy;

/** What an evaluation or configuration error does to the request. */
public enum FailurePolicy {
    FAIL("Fail"),
    IGNORE("Ignore");

    private final String wireName;

    FailurePolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
