package dev.celador.cel.lib;

import dev.cel.common.types.OpaqueType;
import dev.cel.common.values.OpaqueValue;
import dev.cel.runtime.CelEvaluationException;

/**
 * An address with a prefix length, as the Kubernetes {@code cidr()} function accepts it. Host bits
 * after the prefix are kept (as Go's netip.Prefix does); {@link #masked()} clears them. Immutable;
 * {@code ==} in CEL compares address and prefix length.
 */
public final class Cidr extends OpaqueValue {

    private final IpAddress address;
    private final int prefixLength;

    private Cidr(IpAddress address, int prefixLength) {
        this.address = address;
        this.prefixLength = prefixLength;
    }

    /** Parses {@code address/bits} the way Kubernetes does, or throws with the reason. */
    public static Cidr parse(String text) throws CelEvaluationException {
        try {
            return parseUnchecked(text);
        } catch (IllegalArgumentException e) {
            throw new CelEvaluationException("invalid CIDR " + IpAddress.quote(text) + ": " + e.getMessage());
        }
    }

    /** True when {@link #parse} would accept the text. */
    public static boolean isValid(String text) {
        try {
            parseUnchecked(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Cidr parseUnchecked(String text) {
        int slash = text.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("no '/' before the prefix length");
        }
        byte[] bytes = IpAddress.parseBytes(text.substring(0, slash));
        String bitsText = text.substring(slash + 1);
        if (bitsText.isEmpty() || bitsText.length() > 3 || (bitsText.length() > 1 && bitsText.charAt(0) == '0')) {
            throw new IllegalArgumentException("bad prefix length " + IpAddress.quote(bitsText));
        }
        int bits = 0;
        for (int i = 0; i < bitsText.length(); i++) {
            char c = bitsText.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad prefix length " + IpAddress.quote(bitsText));
            }
            bits = bits * 10 + (c - '0');
        }
        if (bits > bytes.length * 8) {
            throw new IllegalArgumentException("prefix length " + bits + " is out of range for the address");
        }
        return new Cidr(IpAddress.of(bytes), bits);
    }

    public IpAddress ip() {
        return address;
    }

    public long prefixLength() {
        return prefixLength;
    }

    /** The same prefix with every bit after it cleared. */
    public Cidr masked() {
        return new Cidr(IpAddress.of(mask(address.bytes(), prefixLength)), prefixLength);
    }

    /** True when the address has this family and its first prefixLength bits match. */
    public boolean containsIp(IpAddress ip) {
        return ip.family() == address.family() && ip.equalsMasked(address, prefixLength);
    }

    /** True when the other range has this family, a prefix at least as long, and lies inside this one. */
    public boolean containsCidr(Cidr other) {
        return other.address.family() == address.family()
                && prefixLength <= other.prefixLength
                && other.address.equalsMasked(address, prefixLength);
    }

    static byte[] mask(byte[] bytes, int bits) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            out[i] = (byte) (out[i] & (0xff00 >> keep));
        }
        return out;
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefixLength == that.prefixLength && address.equals(that.address);
    }

    @Override
    public int hashCode() {
        return 31 * address.hashCode() + prefixLength;
    }

    /** The CEL type {@code net.CIDR}, so {@code type(x)} names it even where x was only known as dyn. */
    @Override
    public OpaqueType celType() {
        return IpLibrary.CIDR;
    }

    @Override
    public Object value() {
        return this;
    }
}
