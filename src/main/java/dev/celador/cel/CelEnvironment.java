package dev.celador.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelOptionalLibrary;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.celador.cel.lib.FormatLibrary;
import dev.celador.cel.lib.FunctionLibrary;
import dev.celador.cel.lib.KubernetesListsLibrary;
import dev.celador.cel.lib.RegexLibrary;
import dev.celador.cel.lib.StringFormatLibrary;
import java.util.List;

/**
 * The CEL environment of Kubernetes admission policies, built once. Variables are declared dyn,
 * as the API server does for objects without a schema.
 */
public final class CelEnvironment {

    public static final String OBJECT = "object";
    public static final String OLD_OBJECT = "oldObject";
    public static final String REQUEST = "request";
    public static final String PARAMS = "params";
    public static final String NAMESPACE_OBJECT = "namespaceObject";
    public static final String VARIABLES = "variables";
    public static final List<String> ALL_VARIABLES = List.of(OBJECT, OLD_OBJECT, REQUEST, PARAMS, NAMESPACE_OBJECT, VARIABLES);

    /** Kubernetes caps expressions at a cost; dev.cel counts comprehension iterations instead. */
    static final int MAX_COMPREHENSION_ITERATIONS = 100_000;
    private static final int MAX_EXPRESSION_CODE_POINTS = 100_000;

    /** Kubernetes libraries written here because dev.cel does not have them. */
    private static final List<FunctionLibrary> LIBRARIES = List.of(
            new RegexLibrary(),
            new KubernetesListsLibrary(),
            new FormatLibrary(),
            new StringFormatLibrary());

    private final Cel cel;

    public CelEnvironment() {
        CelOptions options = CelOptions.current()
                .enableOptionalSyntax(true)
                .enableHeterogeneousNumericComparisons(true)
                .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
                .maxExpressionCodePointSize(MAX_EXPRESSION_CODE_POINTS)
                .build();
        var builder = CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelExtensions.strings(), CelExtensions.lists(), CelExtensions.sets(options),
                        CelOptionalLibrary.INSTANCE)
                .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.lists(), CelExtensions.sets(options),
                        CelOptionalLibrary.INSTANCE);
        for (FunctionLibrary library : LIBRARIES) {
            builder.addFunctionDeclarations(library.functions());
            builder.addFunctionBindings(library.bindings());
        }
        for (String variable : ALL_VARIABLES) {
            builder.addVar(variable, SimpleType.DYN);
        }
        this.cel = builder.build();
    }

    /** Parses, type-checks and plans an expression; all problems come back as a message. */
    public CompileOutcome compile(String expression, ExpectedType expected) {
        try {
            CelValidationResult result = cel.compile(expression);
            if (result.hasError()) {
                return CompileOutcome.failed(result.getErrorString());
            }
            CelAbstractSyntaxTree ast = result.getAst();
            String typeProblem = checkType(ast.getResultType(), expected);
            if (typeProblem != null) {
                return CompileOutcome.failed(typeProblem);
            }
            return CompileOutcome.ok(new CompiledExpression(expression, cel.createProgram(ast)));
        } catch (CelValidationException | CelEvaluationException | RuntimeException e) {
            return CompileOutcome.failed(String.valueOf(e.getMessage()));
        }
    }

    private static String checkType(CelType actual, ExpectedType expected) {
        if (expected == ExpectedType.ANY || actual.equals(SimpleType.DYN) || actual.equals(SimpleType.ANY)) {
            return null;
        }
        boolean ok = switch (expected) {
            case BOOL -> actual.equals(SimpleType.BOOL);
            case STRING -> actual.equals(SimpleType.STRING);
            case STRING_OR_NULL -> actual.equals(SimpleType.STRING) || actual.equals(SimpleType.NULL_TYPE);
            default -> true;
        };
        return ok ? null : "must evaluate to " + expected.description() + ", but evaluates to " + actual.name();
    }
}
