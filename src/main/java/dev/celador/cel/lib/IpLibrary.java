package dev.celador.cel.lib;

import static dev.cel.common.CelOverloadDecl.newGlobalOverload;
import static dev.cel.common.CelOverloadDecl.newMemberOverload;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import dev.celador.cel.CostBudget;
import java.util.List;

/**
 * Kubernetes' {@code ip} and {@code cidr} libraries (k8s.io/apiserver pkg/cel/library ip.go and
 * cidr.go, as of Kubernetes 1.34). Both live here because they share the names {@code ip} (global
 * parser and CIDR member) and {@code string}.
 */
public final class IpLibrary implements FunctionLibrary {

    public static final OpaqueType IP = OpaqueType.create("net.IP");
    public static final OpaqueType CIDR = OpaqueType.create("net.CIDR");

    /** Parsing cost per input character; a short address or range costs about 1 unit. */
    private static long parseCost(String text) {
        return 1 + text.length() / 16;
    }

    @Override
    public List<CelFunctionDecl> functions() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("ip",
                        newGlobalOverload("string_to_ip", IP, SimpleType.STRING),
                        newMemberOverload("cidr_ip", IP, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("isIP",
                        newGlobalOverload("is_ip", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("ip.isCanonical",
                        newGlobalOverload("ip_is_canonical", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("family",
                        newMemberOverload("ip_family", SimpleType.INT, IP)),
                CelFunctionDecl.newFunctionDeclaration("isUnspecified",
                        newMemberOverload("ip_is_unspecified", SimpleType.BOOL, IP)),
                CelFunctionDecl.newFunctionDeclaration("isLoopback",
                        newMemberOverload("ip_is_loopback", SimpleType.BOOL, IP)),
                CelFunctionDecl.newFunctionDeclaration("isLinkLocalMulticast",
                        newMemberOverload("ip_is_link_local_multicast", SimpleType.BOOL, IP)),
                CelFunctionDecl.newFunctionDeclaration("isLinkLocalUnicast",
                        newMemberOverload("ip_is_link_local_unicast", SimpleType.BOOL, IP)),
                CelFunctionDecl.newFunctionDeclaration("isGlobalUnicast",
                        newMemberOverload("ip_is_global_unicast", SimpleType.BOOL, IP)),
                CelFunctionDecl.newFunctionDeclaration("cidr",
                        newGlobalOverload("string_to_cidr", CIDR, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("isCIDR",
                        newGlobalOverload("is_cidr", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("containsIP",
                        newMemberOverload("cidr_contains_ip_string", SimpleType.BOOL, CIDR, SimpleType.STRING),
                        newMemberOverload("cidr_contains_ip_ip", SimpleType.BOOL, CIDR, IP)),
                CelFunctionDecl.newFunctionDeclaration("containsCIDR",
                        newMemberOverload("cidr_contains_cidr_string", SimpleType.BOOL, CIDR, SimpleType.STRING),
                        newMemberOverload("cidr_contains_cidr", SimpleType.BOOL, CIDR, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("masked",
                        newMemberOverload("cidr_masked", CIDR, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("prefixLength",
                        newMemberOverload("cidr_prefix_length", SimpleType.INT, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("string",
                        newGlobalOverload("ip_to_string", SimpleType.STRING, IP),
                        newGlobalOverload("cidr_to_string", SimpleType.STRING, CIDR)));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("string_to_ip", String.class, text -> {
                    CostBudget.charge(parseCost(text));
                    return IpAddress.parse(text);
                }),
                CelFunctionBinding.from("is_ip", String.class, text -> {
                    CostBudget.charge(parseCost(text));
                    return IpAddress.isValid(text);
                }),
                CelFunctionBinding.from("ip_is_canonical", String.class, text -> {
                    CostBudget.charge(parseCost(text));
                    return IpAddress.parse(text).toString().equals(text);
                }),
                CelFunctionBinding.from("ip_family", IpAddress.class, IpAddress::family),
                CelFunctionBinding.from("ip_is_unspecified", IpAddress.class, IpAddress::isUnspecified),
                CelFunctionBinding.from("ip_is_loopback", IpAddress.class, IpAddress::isLoopback),
                CelFunctionBinding.from("ip_is_link_local_multicast", IpAddress.class, IpAddress::isLinkLocalMulticast),
                CelFunctionBinding.from("ip_is_link_local_unicast", IpAddress.class, IpAddress::isLinkLocalUnicast),
                CelFunctionBinding.from("ip_is_global_unicast", IpAddress.class, IpAddress::isGlobalUnicast),
                CelFunctionBinding.from("ip_to_string", IpAddress.class, IpAddress::toString),
                CelFunctionBinding.from("string_to_cidr", String.class, text -> {
                    CostBudget.charge(parseCost(text));
                    return Cidr.parse(text);
                }),
                CelFunctionBinding.from("is_cidr", String.class, text -> {
                    CostBudget.charge(parseCost(text));
                    return Cidr.isValid(text);
                }),
                CelFunctionBinding.from("cidr_contains_ip_string", Cidr.class, String.class, (cidr, text) -> {
                    CostBudget.charge(parseCost(text));
                    return cidr.containsIp(IpAddress.parse(text));
                }),
                CelFunctionBinding.from("cidr_contains_ip_ip", Cidr.class, IpAddress.class, Cidr::containsIp),
                CelFunctionBinding.from("cidr_contains_cidr_string", Cidr.class, String.class, (cidr, text) -> {
                    CostBudget.charge(parseCost(text));
                    return cidr.containsCidr(Cidr.parse(text));
                }),
                CelFunctionBinding.from("cidr_contains_cidr", Cidr.class, Cidr.class, Cidr::containsCidr),
                CelFunctionBinding.from("cidr_ip", Cidr.class, Cidr::ip),
                CelFunctionBinding.from("cidr_masked", Cidr.class, Cidr::masked),
                CelFunctionBinding.from("cidr_prefix_length", Cidr.class, Cidr::prefixLength),
                CelFunctionBinding.from("cidr_to_string", Cidr.class, Cidr::toString));
    }
}
