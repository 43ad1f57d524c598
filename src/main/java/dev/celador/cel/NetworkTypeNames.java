package dev.celador.cel;

import com.google.common.collect.ImmutableList;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.celador.cel.lib.IpLibrary;
import java.util.Optional;

/**
 * The type names Kubernetes' ip and cidr libraries register (cel.Types(IPType), cel.Types(CIDRType)
 * in k8s.io/apiserver pkg/cel/library), so {@code type(x) == net.IP} and {@code net.CIDR} compile
 * and compare as in the API server. The other Kubernetes value types (quantity, URL, semver) are
 * not registered there and are not here.
 */
final class NetworkTypeNames implements CelTypeProvider {

    private static final ImmutableList<CelType> TYPES = ImmutableList.of(IpLibrary.IP, IpLibrary.CIDR);

    @Override
    public ImmutableList<CelType> types() {
        return TYPES;
    }

    @Override
    public Optional<CelType> findType(String name) {
        return TYPES.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
