package dev.celador.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelOptionalLibrary;
import dev.cel.extensions.CelStringExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.checker.CelStandardDeclarations;
import dev.celador.cel.lib.FormatLibrary;
import dev.celador.cel.lib.FunctionLibrary;
import dev.celador.cel.lib.IpLibrary;
import dev.celador.cel.lib.JsonPatchLibrary;
import dev.celador.cel.lib.KubernetesListsLibrary;
import dev.celador.cel.lib.ListIncludesLibrary;
import dev.celador.cel.lib.QuantityLibrary;
import dev.celador.cel.lib.RegexLibrary;
import dev.celador.cel.lib.ResourceLookupLibrary;
import dev.celador.cel.lib.SemverLibrary;
import dev.celador.cel.lib.StringFormatLibrary;
import dev.celador.cel.lib.UrlLibrary;
import dev.celador.cel.interp.AstTranslator;
import dev.celador.cel.interp.OverloadTable;
import dev.cel.runtime.CelFunctionBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The CEL environment of Kubernetes admission policies for one release (1.34 to 1.37, see
 * KubernetesVersion and docs/kubernetes-versions.md), built once: standard macros, optional types,
 * cross-type numeric comparisons, the strings (version 2), sets and lists (version 3) extensions,
 * two-variable comprehensions, and the Kubernetes libraries in lib/ (lists version 1 from 1.37). Variables are declared dyn, as the API server does for objects without a schema.
 */
public final class CelEnvironment {

    public static final String OBJECT = "object";
    public static final String OLD_OBJECT = "oldObject";
    public static final String REQUEST = "request";
    public static final String PARAMS = "params";
    public static final String NAMESPACE_OBJECT = "namespaceObject";
    public static final String VARIABLES = "variables";
    public static final List<String> ALL_VARIABLES = List.of(OBJECT, OLD_OBJECT, REQUEST, PARAMS, NAMESPACE_OBJECT, VARIABLES);

    /** A backstop only: CostBudget is what bounds an evaluation. */
    static final int MAX_COMPREHENSION_ITERATIONS = 10_000_000;
    /** Kubernetes stores expressions in objects of at most a few MiB; one expression need not be longer. */
    static final int MAX_EXPRESSION_CODE_POINTS = 100_000;
    /** Nesting the parser accepts (cel-go's default, which Kubernetes keeps). */
    static final int MAX_PARSE_RECURSION_DEPTH = 250;

    /** Kubernetes libraries written here because dev.cel does not have them (all Kubernetes 1.34 has). */
    private static final List<FunctionLibrary> LIBRARIES = List.of(
            new QuantityLibrary(), new SemverLibrary(), new IpLibrary(), new UrlLibrary(),
            new RegexLibrary(), new KubernetesListsLibrary(), new FormatLibrary(), new StringFormatLibrary(),
            new ResourceLookupLibrary(), new JsonPatchLibrary());

    /** The libraries of a release: 1.37 adds lists version 1 (includes); see docs/kubernetes-versions.md. */
    static List<FunctionLibrary> librariesOf(KubernetesVersion version) {
        List<FunctionLibrary> libraries = new ArrayList<>(LIBRARIES);
        if (version.atLeast(KubernetesVersion.V1_37)) {
            libraries.add(new ListIncludesLibrary());
        }
        return List.copyOf(libraries);
    }

    /** cel-go's lists extension version 3 (slice, flatten, lists.range, distinct, reverse, sort, sortBy), from Kubernetes 1.34. */
    private static final dev.cel.extensions.CelListsExtensions LISTS_V3 = CelExtensions.lists();

    /** cel-go's strings extension version 2, as Kubernetes enables it (reverse came in version 3). */
    private static final CelStringExtensions STRINGS_V2 = CelExtensions.strings(
            EnumSet.complementOf(EnumSet.of(CelStringExtensions.Function.REVERSE)));

    private final Cel cel;
    private final KubernetesVersion version;
    private final List<FunctionLibrary> libraries;
    /** Null when the fast path is off: every expression then runs on dev.cel alone. */
    private final AstTranslator fastPath;
    /** Null unless given a cache file: then checked expressions are reused across loads and restarts. */
    private final CompileCache cache;

    public static final String FAST_PATH_PROPERTY = "celador.cel.fast-path";

    /**
     * The fast path is on unless the system property celador.cel.fast-path is false (a switch for
     * operators); the Kubernetes version is {@link KubernetesVersion#configured()}.
     */
    public CelEnvironment() {
        this(fastPathWanted());
    }

    /** The environment of the given Kubernetes release, fast path as the system property says. */
    public CelEnvironment(KubernetesVersion version) {
        this(fastPathWanted(), null, null, version);
    }

    /** The environment of the given Kubernetes release, with the fast path on or off. */
    public CelEnvironment(boolean fastPath, KubernetesVersion version) {
        this(fastPath, null, null, version);
    }

    private static boolean fastPathWanted() {
        return !"false".equalsIgnoreCase(System.getProperty(FAST_PATH_PROPERTY, "true").trim());
    }

    /**
     * fastPath: also translate each expression for the fast evaluator (see interp/), which answers
     * the error-free cases and hands the rest to dev.cel. Off only to compare the two.
     */
    public CelEnvironment(boolean fastPath) {
        this(fastPath, null, null, KubernetesVersion.configured());
    }

    /**
     * The environment with the fast path as the system property says, its compiled expressions kept
     * in cacheFile, starting from seed (may be null) while cacheFile holds nothing for it.
     */
    public static CelEnvironment withCompileCache(Path cacheFile, Path seed) {
        return new CelEnvironment(fastPathWanted(), cacheFile, seed, KubernetesVersion.configured());
    }

    private CelEnvironment(boolean fastPath, Path cacheFile, Path seed, KubernetesVersion version) {
        this.version = version;
        CelOptions options = CelOptions.current()
                .enableOptionalSyntax(true)
                .enableHeterogeneousNumericComparisons(true)
                .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
                .maxExpressionCodePointSize(MAX_EXPRESSION_CODE_POINTS)
                .maxParseRecursionDepth(MAX_PARSE_RECURSION_DEPTH)
                .build();
        CelStandardFunctions standardFunctions = CelStandardFunctions.newBuilder()
                .excludeFunctions(CelStandardFunctions.StandardFunction.MATCHES).build();
        var sets = CelExtensions.sets(options);
        var comprehensions = CelExtensions.comprehensions();
        var builder = CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(new NetworkTypeNames())
                // RegexLibrary binds matches on its pattern cache; dev.cel allows replacing a standard
                // binding only with the standard environment off and its parts set one by one.
                .setStandardEnvironmentEnabled(false)
                .setStandardDeclarations(CelStandardDeclarations.newBuilder().build())
                .setStandardFunctions(standardFunctions)
                .addCompilerLibraries(STRINGS_V2, sets, comprehensions, CelOptionalLibrary.INSTANCE, LISTS_V3)
                .addRuntimeLibraries(STRINGS_V2, sets, comprehensions, CelOptionalLibrary.INSTANCE, LISTS_V3);
        List<CelFunctionBinding> ownBindings = new ArrayList<>();
        this.libraries = librariesOf(version);
        for (FunctionLibrary library : libraries) {
            builder.addFunctionDeclarations(library.functions());
            ownBindings.addAll(library.bindings());
        }
        builder.addFunctionDeclarations(MutationLiterals.functions());
        ownBindings.addAll(MutationLiterals.bindings());
        ownBindings.addAll(PlainValueOptionals.bindings());
        ownBindings.addAll(OptionalIndexOnDyn.bindings());
        builder.addFunctionBindings(ownBindings);
        for (String variable : ALL_VARIABLES) {
            builder.addVar(variable, SimpleType.DYN);
        }
        this.cel = builder.build();
        this.fastPath = !fastPath ? null : new AstTranslator(
                OverloadTable.of(standardFunctions, options, List.of(STRINGS_V2, sets, comprehensions, CelOptionalLibrary.INSTANCE, LISTS_V3),
                        ownBindings),
                options, MAX_COMPREHENSION_ITERATIONS);
        this.cache = cacheFile == null ? null : CompileCache.open(cacheFile, seed, fingerprint(options, ownBindings.size(), version, libraries));
    }

    /**
     * What a checked expression depends on: CEL's version, Celador's build (its code's location and
     * time, so any rebuild starts a new cache), the declarations of its own libraries and the options.
     */
    private static String fingerprint(CelOptions options, int bindings, KubernetesVersion version,
            List<FunctionLibrary> libraries) {
        StringBuilder in = new StringBuilder();
        in.append("kubernetes ").append(version).append('\n');
        in.append(codeOf(CelAbstractSyntaxTree.class)).append('\n').append(codeOf(CelEnvironment.class)).append('\n');
        for (FunctionLibrary library : libraries) {
            in.append(library.functions()).append('\n');
        }
        in.append(MutationLiterals.functions()).append('\n').append(options).append('\n').append(ALL_VARIABLES).append(bindings);
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(in.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String codeOf(Class<?> type) {
        try {
            java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return type.getName() + " " + type.getPackage().getImplementationVersion();
            }
            Path where = Path.of(source.getLocation().toURI());
            return where + " " + Files.getLastModifiedTime(where).toMillis() + " " + (Files.isRegularFile(where) ? Files.size(where) : 0);
        } catch (java.io.IOException | java.net.URISyntaxException | RuntimeException e) {
            return type.getName() + " unknown";
        }
    }

    /** The compile cache, or null. */
    CompileCache compileCache() {
        return cache;
    }

    /** Decodes the compile cache's entries ahead of the load that will ask for them (on the calling thread). */
    public void decodeCompileCacheAhead() {
        if (cache != null) {
            cache.decodeAhead();
        }
    }

    /** Writes the compile cache, when there is one: the expressions this environment compiled or reused. */
    public void saveCompileCache() throws java.io.IOException {
        if (cache != null) {
            cache.save();
        }
    }

    /**
     * Parses, type-checks and plans an expression; all problems come back as a message. The mutation
     * types (APPLY_CONFIGURATION, JSON_PATCH) also accept Object{...} and JSONPatch{...} literals.
     * The compile cache, when there is one, keeps what type-checked, under the expression and type.
     */
    public CompileOutcome compile(String expression, ExpectedType expected) {
        try {
            CelAbstractSyntaxTree ast = cache == null ? null : cache.get(expression, expected);
            if (ast == null) {
                Checked checked = expected == ExpectedType.APPLY_CONFIGURATION || expected == ExpectedType.JSON_PATCH
                        ? checkMutation(expression, expected) : check(expression, expected);
                if (checked.error() != null) {
                    return CompileOutcome.failed(checked.error(), checked.line(), checked.column());
                }
                ast = checked.ast();
                if (cache != null) {
                    cache.put(expression, expected, ast);
                }
            }
            return CompileOutcome.ok(compiled(expression, ast));
        } catch (CelValidationException e) {
            Checked failed = Checked.failed(String.valueOf(e.getMessage()), e.getErrors());
            return CompileOutcome.failed(failed.error(), failed.line(), failed.column());
        } catch (CelEvaluationException | RuntimeException e) {
            return CompileOutcome.failed(String.valueOf(e.getMessage()));
        }
    }

    /**
     * As {@link #compile(String, ExpectedType)}, for an expression that may read only the named
     * variables: the API server types `variables` as an object with one field per declared variable,
     * so `variables.typo` is a compile error there ("undefined field"), and must be one here too.
     */
    public CompileOutcome compile(String expression, ExpectedType expected, List<String> declaredVariables) {
        CompileOutcome outcome = compile(expression, expected);
        if (!outcome.ok()) {
            return outcome;
        }
        for (String name : outcome.expression().inputs().variables()) {
            if (!declaredVariables.contains(name)) {
                return undefinedVariable(expression, name, declaredVariables);
            }
        }
        return outcome;
    }

    /** The error in the compiler's own format (position, message, source line, caret), placed at the name. */
    private static CompileOutcome undefinedVariable(String expression, String name, List<String> declared) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\bvariables\\s*\\.\\s*(" + java.util.regex.Pattern.quote(name) + ")\\b")
                .matcher(expression);
        int offset = m.find() ? m.start(1) : 0;
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (expression.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int lineEnd = expression.indexOf('\n', lineStart);
        String sourceLine = expression.substring(lineStart, lineEnd < 0 ? expression.length() : lineEnd);
        int column = offset - lineStart;
        return CompileOutcome.failed("ERROR: <input>:" + line + ":" + (column + 1) + ": undefined field '" + name + "'"
                + (declared.isEmpty() ? " (no variable is declared before this expression)"
                        : " (declared before this expression: " + String.join(", ", declared) + ")")
                + "\n | " + sourceLine + "\n | " + ".".repeat(column) + "^", line, column + 1);
    }

    /**
     * A type-checked AST of the expected type, or what is wrong with the expression and where in it
     * (line and column 1-based, 0 when unknown); only the first is cached.
     */
    private record Checked(CelAbstractSyntaxTree ast, String error, int line, int column) {
        static Checked failed(String error) {
            return new Checked(null, error, 0, 0);
        }

        /** The compiler's errors, placed at the first one (dev.cel's columns are 0-based). */
        static Checked failed(String error, List<CelIssue> issues) {
            for (CelIssue issue : issues) {
                if (issue.getSeverity() == CelIssue.Severity.ERROR && issue.getSourceLocation().getLine() > 0) {
                    return new Checked(null, error, issue.getSourceLocation().getLine(),
                            Math.max(issue.getSourceLocation().getColumn(), 0) + 1);
                }
            }
            return failed(error);
        }

        static Checked failed(CelValidationResult result) {
            return failed(describe(result), result.getAllIssues());
        }

        /** As failed(result), naming the release that brings a function the target lacks. */
        static Checked failed(CelValidationResult result, KubernetesVersion version) {
            return failed(describe(result) + FunctionAvailability.hint(result.getErrorString(), version), result.getAllIssues());
        }
    }

    /** Parse and type-check. */
    private Checked check(String expression, ExpectedType expected) throws CelValidationException {
        CelValidationResult result = cel.compile(expression);
        if (result.hasError()) {
            return Checked.failed(result, version);
        }
        CelAbstractSyntaxTree ast = result.getAst();
        String typeProblem = checkType(ast.getResultType(), expected);
        // a result of the wrong type is the whole expression's fault: placed at its start
        return typeProblem != null ? new Checked(null, typeProblem, 1, 1) : new Checked(ast, null, 0, 0);
    }

    /**
     * Whether the expression reads the top-level variable name (false when it does not parse: the
     * compile error says more). The API server declares some variables only in some fields.
     */
    public boolean readsVariable(String expression, String name) {
        if (!expression.contains(name)) {
            return false; // no identifier without its name in the text; spares a parse per expression at load
        }
        try {
            CelValidationResult parsed = cel.parse(expression);
            if (parsed.hasError()) {
                return false;
            }
            return CelNavigableAst.fromAst(parsed.getAst()).getRoot().allNodes()
                    .map(CelNavigableExpr::expr)
                    .anyMatch(e -> e.getKind() == CelExpr.ExprKind.Kind.IDENT && e.ident().name().equals(name));
        } catch (CelValidationException | RuntimeException e) {
            return false;
        }
    }

    /** The Kubernetes release this environment reproduces. */
    public KubernetesVersion kubernetesVersion() {
        return version;
    }

    private CompiledExpression compiled(String expression, CelAbstractSyntaxTree checked) throws CelEvaluationException {
        CelAbstractSyntaxTree ast = OptionalIndexOnDyn.rewrite(checked);
        ast = version.plainValuesPassThroughOptionalOr() ? PlainValueOptionals.rewrite(ast) : ast;
        CelRuntime.Program program = cel.createProgram(ast);
        ExpressionInputs inputs = ExpressionInputs.of(ast);
        if (fastPath == null) {
            return new CompiledExpression(expression, program, null, "the fast path is off", inputs);
        }
        AstTranslator.Translation t = fastPath.translate(ast);
        return new CompiledExpression(expression, program, t.program(), t.unsupported(), inputs);
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

    /** Parse, rewrite the typed literals into maps (see MutationLiterals), then type-check. */
    private Checked checkMutation(String expression, ExpectedType expected) throws CelValidationException {
        CelValidationResult parsed = cel.parse(expression);
        if (parsed.hasError()) {
            return Checked.failed(parsed);
        }
        MutationLiterals.Rewritten rewritten = MutationLiterals.rewrite(parsed.getAst(), expected == ExpectedType.JSON_PATCH);
        if (!rewritten.problems().isEmpty()) {
            return Checked.failed(String.join("\n", rewritten.problems()));
        }
        CelValidationResult checked = cel.check(rewritten.ast());
        if (checked.hasError()) {
            return Checked.failed(checked, version);
        }
        CelAbstractSyntaxTree ast = checked.getAst();
        List<String> problems = MutationLiterals.typeProblems(rewritten, ast, expected);
        return problems.isEmpty() ? new Checked(ast, null, 0, 0) : Checked.failed(String.join("\n", problems));
    }

    private static String describe(CelValidationResult result) {
        String errors = result.getErrorString();
        if (errors.contains("undeclared reference to 'authorizer'")) {
            return "the `authorizer` variable is not supported by Celador yet"
                    + " (authorization checks need the cluster's authorizer)\n" + errors;
        }
        return errors;
    }
}
