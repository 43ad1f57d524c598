package dev.celador.policy;

/** How resource rules match requests made through another version of the same resource. */
public enum MatchPolicy {
    EXACT,
    EQUIVALENT
}
