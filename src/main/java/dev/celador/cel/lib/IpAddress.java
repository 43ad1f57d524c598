package dev.celador.cel.lib;

import dev.cel.common.types.OpaqueType;
import dev.cel.common.values.OpaqueValue;
import dev.cel.runtime.CelEvaluationException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address as the Kubernetes {@code ip()} function accepts it: strict dotted-decimal
 * IPv4 (no leading zeros), RFC 4291 IPv6 text, no zone and no IPv4-mapped IPv6. Parsed by hand, so
 * no text ever reaches a resolver. Immutable; {@code ==} in CEL compares the address bytes.
 */
public final class IpAddress extends OpaqueValue {

    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses an address the way Kubernetes does, or throws with the reason. */
    public static IpAddress parse(String text) throws CelEvaluationException {
        try {
            return new IpAddress(parseBytes(text));
        } catch (IllegalArgumentException e) {
            throw new CelEvaluationException("invalid IP address " + quote(text) + ": " + e.getMessage());
        }
    }

    /** True when {@link #parse} would accept the text. */
    public static boolean isValid(String text) {
        try {
            parseBytes(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static IpAddress of(byte[] bytes) {
        return new IpAddress(bytes.clone());
    }

    /** The address bytes of accepted text; throws IllegalArgumentException with the reason. */
    static byte[] parseBytes(String text) {
        byte[] parsed = parseText(text);
        if (parsed.length == 16 && isIpv4Mapped(parsed)) {
            throw new IllegalArgumentException("IPv4-mapped IPv6 addresses are not allowed");
        }
        return parsed;
    }

    private static byte[] parseText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                byte[] out = new byte[4];
                parseIpv4(text, 0, text.length(), out, 0);
                return out;
            }
            if (c == ':') {
                return parseIpv6(text);
            }
            if (c == '%') {
                throw new IllegalArgumentException("zone without an IPv6 address");
            }
        }
        throw new IllegalArgumentException("not an IPv4 or IPv6 address");
    }

    private static void parseIpv4(String text, int start, int end, byte[] out, int at) {
        int value = 0;
        int digits = 0;
        int field = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) {
                    throw new IllegalArgumentException("IPv4 octet with a leading zero");
                }
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    throw new IllegalArgumentException("IPv4 octet greater than 255");
                }
            } else if (c == '.') {
                if (digits == 0) {
                    throw new IllegalArgumentException("empty IPv4 octet");
                }
                if (field == 3) {
                    throw new IllegalArgumentException("IPv4 address has more than 4 octets");
                }
                out[at + field++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                throw new IllegalArgumentException("unexpected character " + quote(String.valueOf(c)));
            }
        }
        if (digits == 0) {
            throw new IllegalArgumentException("empty IPv4 octet");
        }
        if (field < 3) {
            throw new IllegalArgumentException("IPv4 address has fewer than 4 octets");
        }
        out[at + 3] = (byte) value;
    }

    private static byte[] parseIpv6(String text) {
        if (text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("zones are not allowed");
        }
        byte[] out = new byte[16];
        int n = text.length();
        int pos = 0;
        int filled = 0;
        int gap = -1;
        if (n >= 2 && text.charAt(0) == ':' && text.charAt(1) == ':') {
            gap = 0;
            pos = 2;
            if (pos == n) {
                return out;
            }
        }
        while (filled < 16) {
            int fieldStart = pos;
            int value = 0;
            while (pos < n && Character.digit(text.charAt(pos), 16) >= 0 && text.charAt(pos) < 0x80) {
                if (pos - fieldStart == 4) {
                    throw new IllegalArgumentException("IPv6 group with more than 4 hex digits");
                }
                value = (value << 4) | Character.digit(text.charAt(pos), 16);
                pos++;
            }
            if (pos == fieldStart) {
                throw new IllegalArgumentException("empty IPv6 group");
            }
            if (pos < n && text.charAt(pos) == '.') {
                if (gap < 0 && filled != 12) {
                    throw new IllegalArgumentException("embedded IPv4 address must be the last 32 bits");
                }
                if (filled + 4 > 16) {
                    throw new IllegalArgumentException("no room for the embedded IPv4 address");
                }
                parseIpv4(text, fieldStart, n, out, filled);
                filled += 4;
                pos = n;
                break;
            }
            out[filled++] = (byte) (value >> 8);
            out[filled++] = (byte) value;
            if (pos == n) {
                break;
            }
            if (text.charAt(pos) != ':') {
                throw new IllegalArgumentException("unexpected character " + quote(String.valueOf(text.charAt(pos))));
            }
            if (pos + 1 == n) {
                throw new IllegalArgumentException("address ends with a single colon");
            }
            pos++;
            if (text.charAt(pos) == ':') {
                if (gap >= 0) {
                    throw new IllegalArgumentException("more than one :: in the address");
                }
                gap = filled;
                pos++;
                if (pos == n) {
                    break;
                }
            }
        }
        if (pos != n) {
            throw new IllegalArgumentException("trailing characters after the address");
        }
        if (filled < 16) {
            if (gap < 0) {
                throw new IllegalArgumentException("IPv6 address has fewer than 8 groups");
            }
            int shift = 16 - filled;
            for (int j = filled - 1; j >= gap; j--) {
                out[j + shift] = out[j];
            }
            Arrays.fill(out, gap, gap + shift, (byte) 0);
        } else if (gap >= 0) {
            throw new IllegalArgumentException(":: must stand for at least one group of zeros");
        }
        return out;
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    /** Quotes input for an error message, cut short so huge input never floods a log. */
    static String quote(String text) {
        return "\"" + (text.length() > 64 ? text.substring(0, 64) + "..." : text) + "\"";
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** True when both addresses have the same family and agree on their first {@code bits} bits. */
    boolean equalsMasked(IpAddress other, int bits) {
        return bytes.length == other.bytes.length
                && Arrays.equals(Cidr.mask(bytes, bits), Cidr.mask(other.bytes, bits));
    }

    /** 4 or 6. */
    public long family() {
        return bytes.length == 4 ? 4 : 6;
    }

    private int u8(int i) {
        return bytes[i] & 0xff;
    }

    private boolean allZero() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    public boolean isUnspecified() {
        return allZero();
    }

    /** 127.0.0.0/8 or ::1. */
    public boolean isLoopback() {
        if (bytes.length == 4) {
            return u8(0) == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return u8(15) == 1;
    }

    /** 224.0.0.0/4 or ff00::/8. */
    boolean isMulticast() {
        return bytes.length == 4 ? (u8(0) & 0xf0) == 0xe0 : u8(0) == 0xff;
    }

    /** 224.0.0.0/24, or IPv6 multicast with link-local scope (ffX2::/16, as Go's netip). */
    public boolean isLinkLocalMulticast() {
        if (bytes.length == 4) {
            return u8(0) == 224 && u8(1) == 0 && u8(2) == 0;
        }
        return u8(0) == 0xff && (u8(1) & 0x0f) == 0x02;
    }

    /** 169.254.0.0/16 or fe80::/10. */
    public boolean isLinkLocalUnicast() {
        if (bytes.length == 4) {
            return u8(0) == 169 && u8(1) == 254;
        }
        return u8(0) == 0xfe && (u8(1) & 0xc0) == 0x80;
    }

    /**
     * Neither unspecified, IPv4 broadcast, loopback, multicast nor link-local unicast; private
     * ranges count as global unicast, as in Go's netip.
     */
    public boolean isGlobalUnicast() {
        if (isUnspecified() || isLoopback() || isMulticast() || isLinkLocalUnicast()) {
            return false;
        }
        if (bytes.length == 4) {
            return !(u8(0) == 255 && u8(1) == 255 && u8(2) == 255 && u8(3) == 255);
        }
        return true;
    }

    /** The canonical text: dotted decimal, or RFC 5952 IPv6 (lowercase, longest zero run as ::). */
    @Override
    public String toString() {
        if (bytes.length == 4) {
            return u8(0) + "." + u8(1) + "." + u8(2) + "." + u8(3);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (u8(2 * i) << 8) | u8(2 * i + 1);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength) {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The CEL type {@code net.IP}, so {@code type(x)} names it even where x was only known as dyn. */
    @Override
    public OpaqueType celType() {
        return IpLibrary.IP;
    }

    @Override
    public Object value() {
        return this;
    }
}
