package dev.celador.cli;

import dev.celador.engine.compile.CompileResult;
import dev.celador.policy.Problem;
import java.util.List;
import java.util.Map;

/**
 * Where `celador check` writes, one resource at a time as it is checked (nothing is held for the
 * end but counts), in one of the formats --output names.
 */
interface CheckReport {

    /** Before the first resource: the policies that take part. */
    void begin(CompileResult compiled);

    void resource(CheckedResource checked);

    /** After the last: counts by result (pass, fail, warn, error, skip), input problems and warnings. */
    void end(Map<String, Integer> summary, List<Problem> problems, List<String> warnings);
}
