package dev.celador.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A document that does not parse, told as the YAML parser tells it: what it was reading and where
 * that started, what it found, at the line and column where it found it, and the policy and field
 * it was in (as far as the document was read).
 */
record YamlError(String message, int line, int column, String policy, String fieldPath) {

    static YamlError of(Exception e, NameTrackingParser parser) {
        String policy = parser == null ? null : parser.documentName();
        String field = parser == null ? "" : fieldPath(parser.getParsingContext());
        MarkedYAMLException marked = markedCause(e);
        if (marked != null && marked.getProblem() != null) {
            StringBuilder sb = new StringBuilder();
            if (marked.getContext() != null) {
                sb.append(marked.getContext());
                if (marked.getContextMark() != null) {
                    sb.append(" (").append(where(marked.getContextMark())).append(')');
                }
                sb.append(": ");
            }
            sb.append(marked.getProblem());
            Mark at = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
            return new YamlError(sb.toString(), at == null ? 0 : at.getLine() + 1, at == null ? 0 : at.getColumn() + 1, policy, field);
        }
        if (e instanceof JsonProcessingException j) {
            JsonLocation at = j.getLocation();
            return new YamlError(String.valueOf(j.getOriginalMessage()), at == null ? 0 : Math.max(at.getLineNr(), 0),
                    at == null ? 0 : Math.max(at.getColumnNr(), 0), policy, field);
        }
        return new YamlError(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), 0, 0, policy, field);
    }

    Problem problem(String file, int docIndex) {
        return Problem.of(new SourceRef(file, docIndex, line, column, fieldPath), policy, "invalid YAML: " + message);
    }

    private static String where(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static MarkedYAMLException markedCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof MarkedYAMLException m) {
                return m;
            }
        }
        return null;
    }

    /** The field the parser was in, as a field path (spec.validations[0]). */
    private static String fieldPath(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                path.insert(0, "." + c.getCurrentName());
            } else if (c.inArray()) {
                path.insert(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
            }
        }
        return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }
}
