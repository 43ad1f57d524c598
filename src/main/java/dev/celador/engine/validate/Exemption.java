package dev.celador.engine.validate;

/**
 * The policy exception that lifted a result: its id ("namespace/name") and the reason it gives,
 * carried so every verdict built from the result can say why the policy did not apply.
 */
public record Exemption(String exception, String reason) {
}
