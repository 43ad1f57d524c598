package dev.celador.cel.lib;

import static dev.celador.cel.lib.CelExpressions.compile;
import static dev.celador.cel.lib.CelExpressions.eval;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonPatchLibraryTest {

    @Test
    void escapesSlashAndTilde_asRfc6901ReferenceToken() throws Exception {
        assertThat(eval("jsonpatch.escapeKey('example.com/environment')")).isEqualTo("example.com~1environment");
        assertThat(eval("jsonpatch.escapeKey('a~b')")).isEqualTo("a~0b");
        assertThat(eval("jsonpatch.escapeKey('~/')")).isEqualTo("~0~1");
        assertThat(eval("jsonpatch.escapeKey('plain')")).isEqualTo("plain");
    }

    @Test
    void escapesTildeBeforeSlash_soNothingIsEscapedTwice() throws Exception {
        assertThat(eval("jsonpatch.escapeKey('~1')")).isEqualTo("~01");
    }

    @Test
    void rejectsNonStringArgument_atCompileTime() {
        assertThat(compile("jsonpatch.escapeKey(1)").error()).contains("found no matching overload");
        assertThat(compile("jsonpatch.escapeKey('a', 'b')").error()).contains("found no matching overload");
    }
}
