package dev.celador.cli;

import dev.celador.cel.KubernetesVersion;
import dev.celador.policy.PolicyLoader;

/**
 * The admissionregistration.k8s.io versions a Kubernetes release serves for the policies `celador
 * export` writes: ValidatingAdmissionPolicy is v1 on every supported release;
 * MutatingAdmissionPolicy is v1beta1 on 1.34 and 1.35 (off by default: the API server needs
 * --feature-gates=MutatingAdmissionPolicy=true and
 * --runtime-config=admissionregistration.k8s.io/v1beta1=true) and v1, on by default, from 1.36.
 */
record NativeApiVersions(String validating, String mutating, String mutatingNote) {

    static NativeApiVersions of(KubernetesVersion target) {
        String validating = PolicyLoader.NATIVE_GROUP + "/v1";
        if (target.atLeast(KubernetesVersion.V1_36)) {
            return new NativeApiVersions(validating, PolicyLoader.NATIVE_GROUP + "/v1", null);
        }
        return new NativeApiVersions(validating, PolicyLoader.NATIVE_GROUP + "/v1beta1",
                "MutatingAdmissionPolicy is beta on Kubernetes " + target + ": the API server serves it only with"
                        + " --feature-gates=MutatingAdmissionPolicy=true and"
                        + " --runtime-config=admissionregistration.k8s.io/v1beta1=true");
    }
}
