package dev.celador.cel.lib;

import static dev.cel.common.CelOverloadDecl.newGlobalOverload;
import static dev.cel.common.CelOverloadDecl.newMemberOverload;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import dev.celador.cel.CostBudget;
import java.util.List;

/**
 * Kubernetes' {@code url} library (k8s.io/apiserver pkg/cel/library urls.go, as of Kubernetes
 * 1.34): {@code url()}, {@code isURL()} and the getters of a parsed URL.
 */
public final class UrlLibrary implements FunctionLibrary {

    public static final OpaqueType URL = OpaqueType.create("kubernetes.URL");

    /** Parsing cost: about 1 unit per 16 characters of input. */
    private static long cost(String text) {
        return 1 + text.length() / 16;
    }

    @Override
    public List<CelFunctionDecl> functions() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("url",
                        newGlobalOverload("string_to_url", URL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("isURL",
                        newGlobalOverload("is_url_string", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("getScheme",
                        newMemberOverload("url_get_scheme", SimpleType.STRING, URL)),
                CelFunctionDecl.newFunctionDeclaration("getHost",
                        newMemberOverload("url_get_host", SimpleType.STRING, URL)),
                CelFunctionDecl.newFunctionDeclaration("getHostname",
                        newMemberOverload("url_get_hostname", SimpleType.STRING, URL)),
                CelFunctionDecl.newFunctionDeclaration("getPort",
                        newMemberOverload("url_get_port", SimpleType.STRING, URL)),
                CelFunctionDecl.newFunctionDeclaration("getEscapedPath",
                        newMemberOverload("url_get_escaped_path", SimpleType.STRING, URL)),
                CelFunctionDecl.newFunctionDeclaration("getQuery",
                        newMemberOverload("url_get_query",
                                MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING)), URL)));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("string_to_url", String.class, text -> {
                    CostBudget.charge(cost(text));
                    return Url.parse(text);
                }),
                CelFunctionBinding.from("is_url_string", String.class, text -> {
                    CostBudget.charge(cost(text));
                    return Url.isValid(text);
                }),
                CelFunctionBinding.from("url_get_scheme", Url.class, Url::scheme),
                CelFunctionBinding.from("url_get_host", Url.class, Url::host),
                CelFunctionBinding.from("url_get_hostname", Url.class, Url::hostname),
                CelFunctionBinding.from("url_get_port", Url.class, Url::port),
                CelFunctionBinding.from("url_get_escaped_path", Url.class, Url::escapedPath),
                CelFunctionBinding.from("url_get_query", Url.class, url -> {
                    CostBudget.charge(cost(url.rawQuery()));
                    return url.query();
                }));
    }
}
