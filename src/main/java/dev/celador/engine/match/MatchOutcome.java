package dev.celador.engine.match;

/** Whether a match block selects a request, or why it could not tell. */
public record MatchOutcome(boolean matches, String error) {

    public static final MatchOutcome MATCH = new MatchOutcome(true, null);
    public static final MatchOutcome NO_MATCH = new MatchOutcome(false, null);

    public static MatchOutcome error(String message) {
        return new MatchOutcome(false, message);
    }

    public boolean isError() {
        return error != null;
    }
}
