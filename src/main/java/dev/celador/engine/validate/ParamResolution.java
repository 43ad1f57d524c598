package dev.celador.engine.validate;

import java.util.List;

/**
 * The params one binding evaluates with: one CEL value per evaluation (NullValue when the
 * policy takes no params), or a configuration error.
 */
public record ParamResolution(List<Object> params, String error) {

    public static ParamResolution of(List<Object> params) {
        return new ParamResolution(List.copyOf(params), null);
    }

    public static ParamResolution error(String message) {
        return new ParamResolution(List.of(), message);
    }

    public boolean isError() {
        return error != null;
    }
}
