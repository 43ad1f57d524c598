package dev.celador.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy directory laid out as the kubelet mounts a ConfigMap loads each policy once. */
class ConfigMapMountTest {

    @TempDir
    Path mount;

    @Test
    void readsTheLinkedFilesOnce_notTheHiddenTimestampedCopies() throws Exception {
        Path data = Files.createDirectory(mount.resolve("..2026_11_22_05_30_00.123456789"));
        Files.copy(Path.of("policies/statefulset-volume-claim-templates/policy.yaml"), data.resolve("vct--policy.yaml"));
        Files.createSymbolicLink(mount.resolve("..data"), data.getFileName());
        Files.createSymbolicLink(mount.resolve("vct--policy.yaml"), Path.of("..data/vct--policy.yaml"));

        PolicySet set = new PolicyLoader().load(List.of(mount));

        assertThat(set.problems()).isEmpty();
        assertThat(set.policies()).extracting(ValidatingPolicy::name).containsExactly("statefulset-volume-claim-templates");
    }
}
