package dev.celador.engine.validate;

/** The result of one policy under one binding for one request. */
public enum Outcome {
    /** Matched and every validation held. */
    PASS,
    /** At least one validation evaluated to false. */
    FAIL,
    /** Evaluation or configuration failed and no validation evaluated to false (allowed under failurePolicy Ignore). */
    ERROR,
    /** Matched the policy, but the binding, its matchConditions or its params left it out. */
    SKIP
}
