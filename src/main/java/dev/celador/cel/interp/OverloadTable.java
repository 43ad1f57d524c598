package dev.celador.cel.interp;

import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.Descriptors;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.Message;
import dev.cel.common.CelContainer;
import dev.cel.common.CelOptions;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.values.CelValueProvider;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelInternalRuntimeLibrary;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeLibrary;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.RuntimeEquality;
import dev.cel.runtime.RuntimeHelpers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every function binding of the CEL environment by overload id: the same standard functions,
 * extension libraries and Kubernetes libraries the dev.cel runtime is built with, so a call the
 * fast path dispatches runs the very code dev.cel would run.
 */
public final class OverloadTable {

    private final Map<String, CelFunctionBinding> bindings = new HashMap<>();

    private OverloadTable() {
    }

    /** Collects the bindings: standard functions as configured, then each library's, then our own. */
    public static OverloadTable of(CelStandardFunctions standard, CelOptions options,
            List<? extends CelRuntimeLibrary> libraries, List<CelFunctionBinding> own) {
        OverloadTable table = new OverloadTable();
        RuntimeEquality equality = RuntimeEquality.create(RuntimeHelpers.create(), options);
        standard.newFunctionBindings(equality, options).forEach(table::add);
        Recorder recorder = new Recorder(table);
        for (CelRuntimeLibrary library : libraries) {
            if (library instanceof CelInternalRuntimeLibrary internal) {
                internal.setRuntimeOptions(recorder, equality, options);
            } else {
                library.setRuntimeOptions(recorder);
            }
        }
        own.forEach(table::add);
        return table;
    }

    /** Later bindings replace earlier ones, as in the runtime builder. */
    private void add(CelFunctionBinding binding) {
        bindings.put(binding.getOverloadId(), binding);
    }

    CelFunctionBinding get(String overloadId) {
        return bindings.get(overloadId);
    }

    /** Receives what a runtime library registers; only function bindings matter here. */
    private static final class Recorder implements CelRuntimeBuilder {
        private final OverloadTable table;

        Recorder(OverloadTable table) {
            this.table = table;
        }

        @Override
        public CelRuntimeBuilder addFunctionBindings(CelFunctionBinding... bindings) {
            for (CelFunctionBinding b : bindings) {
                table.add(b);
            }
            return this;
        }

        @Override
        public CelRuntimeBuilder addFunctionBindings(Iterable<CelFunctionBinding> bindings) {
            bindings.forEach(table::add);
            return this;
        }

        @Override
        public CelRuntimeBuilder setOptions(CelOptions options) {
            return this;
        }

        @Override
        public CelRuntimeBuilder addLateBoundFunctions(String... names) {
            return this;
        }

        @Override
        public CelRuntimeBuilder addLateBoundFunctions(Iterable<String> names) {
            return this;
        }

        @Override
        public CelRuntimeBuilder addMessageTypes(Descriptors.Descriptor... descriptors) {
            return this;
        }

        @Override
        public CelRuntimeBuilder addMessageTypes(Iterable<Descriptors.Descriptor> descriptors) {
            return this;
        }

        @Override
        public CelRuntimeBuilder addFileTypes(Descriptors.FileDescriptor... fileDescriptors) {
            return this;
        }

        @Override
        public CelRuntimeBuilder addFileTypes(Iterable<Descriptors.FileDescriptor> fileDescriptors) {
            return this;
        }

        @Override
        public CelRuntimeBuilder addFileTypes(DescriptorProtos.FileDescriptorSet fileDescriptorSet) {
            return this;
        }

        @Override
        public CelRuntimeBuilder setTypeProvider(CelTypeProvider celTypeProvider) {
            return this;
        }

        @Override
        public CelRuntimeBuilder setTypeFactory(Function<String, Message.Builder> typeFactory) {
            return this;
        }

        @Override
        public CelRuntimeBuilder setValueProvider(CelValueProvider celValueProvider) {
            return this;
        }

        @Override
        public CelValueProvider valueProvider() {
            return null;
        }

        @Override
        public CelRuntimeBuilder setStandardEnvironmentEnabled(boolean value) {
            return this;
        }

        @Override
        public CelRuntimeBuilder setStandardFunctions(CelStandardFunctions standardFunctions) {
            return this;
        }

        @Override
        public CelRuntimeBuilder addLibraries(CelRuntimeLibrary... libraries) {
            throw new UnsupportedOperationException("a library that adds libraries is not expected");
        }

        @Override
        public CelRuntimeBuilder addLibraries(Iterable<? extends CelRuntimeLibrary> libraries) {
            throw new UnsupportedOperationException("a library that adds libraries is not expected");
        }

        @Override
        public CelRuntimeBuilder setExtensionRegistry(ExtensionRegistry extensionRegistry) {
            return this;
        }

        @Override
        public CelRuntimeBuilder setContainer(CelContainer container) {
            return this;
        }

        @Override
        public CelRuntime build() {
            throw new UnsupportedOperationException("records bindings only");
        }
    }
}
