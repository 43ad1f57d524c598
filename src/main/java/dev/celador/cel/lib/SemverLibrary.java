package dev.celador.cel.lib;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.celador.cel.CostBudget;
import java.util.List;

/**
 * The Kubernetes semver library: {@code semver(string)}, {@code semver(string, normalize)},
 * {@code isSemver(string)}, {@code isSemver(string, normalize)} and, on a version,
 * {@code major minor patch compareTo isGreaterThan isLessThan}.
 */
public final class SemverLibrary implements FunctionLibrary {

    public static final CelType SEMVER = OpaqueType.create("kubernetes.Semver");

    @Override
    public List<CelFunctionDecl> functions() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("semver",
                        CelOverloadDecl.newGlobalOverload("string_to_semver", SEMVER, SimpleType.STRING),
                        CelOverloadDecl.newGlobalOverload("string_bool_to_semver", SEMVER, SimpleType.STRING, SimpleType.BOOL)),
                CelFunctionDecl.newFunctionDeclaration("isSemver",
                        CelOverloadDecl.newGlobalOverload("is_semver_string", SimpleType.BOOL, SimpleType.STRING),
                        CelOverloadDecl.newGlobalOverload("is_semver_string_bool", SimpleType.BOOL, SimpleType.STRING, SimpleType.BOOL)),
                CelFunctionDecl.newFunctionDeclaration("major",
                        CelOverloadDecl.newMemberOverload("semver_major", SimpleType.INT, SEMVER)),
                CelFunctionDecl.newFunctionDeclaration("minor",
                        CelOverloadDecl.newMemberOverload("semver_minor", SimpleType.INT, SEMVER)),
                CelFunctionDecl.newFunctionDeclaration("patch",
                        CelOverloadDecl.newMemberOverload("semver_patch", SimpleType.INT, SEMVER)),
                CelFunctionDecl.newFunctionDeclaration("compareTo",
                        CelOverloadDecl.newMemberOverload("semver_compare_to", SimpleType.INT, SEMVER, SEMVER)),
                CelFunctionDecl.newFunctionDeclaration("isGreaterThan",
                        CelOverloadDecl.newMemberOverload("semver_is_greater_than", SimpleType.BOOL, SEMVER, SEMVER)),
                CelFunctionDecl.newFunctionDeclaration("isLessThan",
                        CelOverloadDecl.newMemberOverload("semver_is_less_than", SimpleType.BOOL, SEMVER, SEMVER)));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("string_to_semver", String.class, text -> parse(text, false)),
                CelFunctionBinding.from("string_bool_to_semver", String.class, Boolean.class, SemverLibrary::parse),
                CelFunctionBinding.from("is_semver_string", String.class, text -> isSemver(text, false)),
                CelFunctionBinding.from("is_semver_string_bool", String.class, Boolean.class, SemverLibrary::isSemver),
                CelFunctionBinding.from("semver_major", Semver.class, Semver::major),
                CelFunctionBinding.from("semver_minor", Semver.class, Semver::minor),
                CelFunctionBinding.from("semver_patch", Semver.class, Semver::patch),
                CelFunctionBinding.from("semver_compare_to", Semver.class, Semver.class, (a, b) -> (long) a.compareTo(b)),
                CelFunctionBinding.from("semver_is_greater_than", Semver.class, Semver.class, (a, b) -> a.compareTo(b) > 0),
                CelFunctionBinding.from("semver_is_less_than", Semver.class, Semver.class, (a, b) -> a.compareTo(b) < 0));
    }

    private static Semver parse(String text, boolean normalize) throws CelEvaluationException {
        CostBudget.charge(text.length());
        try {
            return normalize ? Semver.parseNormalized(text) : Semver.parse(text);
        } catch (Semver.InvalidSemverException e) {
            throw new CelEvaluationException(e.getMessage(), e);
        }
    }

    private static boolean isSemver(String text, boolean normalize) throws CelEvaluationException {
        CostBudget.charge(text.length());
        try {
            if (normalize) {
                Semver.parseNormalized(text);
            } else {
                Semver.parse(text);
            }
            return true;
        } catch (Semver.InvalidSemverException e) {
            return false;
        }
    }
}
