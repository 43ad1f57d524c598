package dev.celador.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionInputsTest {

    private static final CelEnvironment CEL = new CelEnvironment();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            params.data.paths.split(',').map(p, p.trim())                 | false | -
            'constant'.size() + 1                                          | false | -
            variables.paths.filter(p, p != '') + variables.more            | false | more;paths
            has(variables.paths)                                           | false | paths
            object.metadata.name                                           | true  | -
            oldObject == null                                              | true  | -
            request.operation == 'CREATE'                                  | true  | -
            namespaceObject.metadata.name                                  | true  | -
            params.data.names.split(',').exists(n, n == object.metadata.name) | true | -
            params.data.names.split(',').map(object, object)               | true  | -
            variables['paths']                                             | true  | -
            resource.Get('v1', 'services', 'ns', params.data.name) != null | true  | -
            """)
    void tellsWhetherAnExpressionReadsTheRequest(String expression, boolean readsRequest, String variables) {
        CompileOutcome outcome = CEL.compile(expression, ExpectedType.ANY);
        assertEquals(null, outcome.error());
        ExpressionInputs inputs = outcome.expression().inputs();
        assertEquals(readsRequest, inputs.readsRequest());
        assertEquals(variables.equals("-") ? Set.of() : Set.of(variables.split(";")), inputs.variables());
    }
}
