package dev.celador.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * The YAML parser, remembering the metadata.name of the document it is in, so that a syntax error
 * further down can name the policy it breaks. One check per token.
 */
final class NameTrackingParser extends JsonParserDelegate {

    private String documentName;

    NameTrackingParser(JsonParser parser) {
        super(parser);
    }

    /** The current document's metadata.name as far as it was read, or null. */
    String documentName() {
        return documentName;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token = super.nextToken();
        if (token == JsonToken.VALUE_STRING) {
            JsonStreamContext context = getParsingContext();
            JsonStreamContext parent = context.getParent();
            if (parent != null && "name".equals(context.getCurrentName()) && "metadata".equals(parent.getCurrentName())
                    && parent.getParent() != null && parent.getParent().inRoot()) {
                documentName = getText();
            }
        } else if (getParsingContext().inRoot()) {
            documentName = null; // a document ended: the next one has no name until it gives one
        }
        return token;
    }
}
