package dev.celador.cli;

import dev.celador.cel.KubernetesVersion;
import picocli.CommandLine;

/** Reads --kubernetes-version (1.34, v1.37.2...); anything else is a usage error naming the supported range. */
final class KubernetesVersionOption implements CommandLine.ITypeConverter<KubernetesVersion> {

    @Override
    public KubernetesVersion convert(String value) {
        try {
            return KubernetesVersion.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
