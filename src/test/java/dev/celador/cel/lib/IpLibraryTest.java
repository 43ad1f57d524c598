package dev.celador.cel.lib;

import static dev.celador.cel.lib.CelExpressions.compiles;
import static dev.celador.cel.lib.CelExpressions.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.runtime.CelEvaluationException;
import dev.celador.cel.CelEnvironment;
import dev.celador.cel.ExpectedType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLibraryTest {

    private static final CelEnvironment ENV = new CelEnvironment();

    private static void assertFailsAtRuntime(String expression, String messagePart) {
        assertThatThrownBy(() -> eval(expression))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining(messagePart);
    }

    private static void assertDoesNotCompile(String expression) {
        assertThat(ENV.compile(expression, ExpectedType.ANY).ok()).as("compiles: %s", expression).isFalse();
    }

    // --- ip() and isIP() ---

    @Test
    void parsesIpFromObjectField_andComparesWithEquals() throws Exception {
        assertThat(eval("ip(object.spec.clusterIP) == ip('10.0.0.1')",
                Map.of("spec", Map.of("clusterIP", "10.0.0.1")))).isEqualTo(true);
        assertThat(eval("ip('10.0.0.1') == ip('10.0.0.2')")).isEqualTo(false);
    }

    @Test
    void equalIpv6Addresses_inDifferentSpellings_areEqual() throws Exception {
        assertThat(eval("ip('2001:DB8::1') == ip('2001:db8:0:0:0:0:0:1')")).isEqualTo(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "::", "::1", "1::", "2001:db8::abcd",
            "2001:DB8::ABCD", "fe80::1", "1:2:3:4:5:6:7:8", "::1.2.3.4", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4"})
    void isIpAcceptsValidAddresses(String address) throws Exception {
        assertThat(eval("isIP('" + address + "')")).isEqualTo(true);
        assertThat(eval("ip('" + address + "') == ip('" + address + "')")).isEqualTo(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "127.0.0.256", "127.0.0", "127.0.0.1.1", "127.0.0.01", "1.2.3.", ".1.2.3", "1..2.3",
            "1.2.3.4 ", " 1.2.3.4", "localhost", "example.com", ":::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
            "1::2::3", "12345::", "1:", ":1", "::ffff:1.2.3.4", "::ffff:102:304", "fe80::1%eth0", "fe80::1%",
            "%eth0", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.04", "1.2.3.4/32", "[::1]", "0x7f.0.0.1", "１.2.3.4"})
    void isIpRejectsInvalidAddresses_andIpThrows(String address) {
        assertThatThrownBy(() -> eval("ip('" + address + "')"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("invalid IP address");
        try {
            assertThat(eval("isIP('" + address + "')")).isEqualTo(false);
        } catch (CelEvaluationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void ipRejectsIpv4MappedAndZonedAddresses_withReason() {
        assertFailsAtRuntime("ip('::ffff:10.0.0.1')", "IPv4-mapped");
        assertFailsAtRuntime("ip('fe80::1%eth0')", "zone");
    }

    @Test
    void ipOfWrongArgumentType_doesNotCompile() {
        assertDoesNotCompile("ip(1)");
        assertDoesNotCompile("isIP(true)");
        assertDoesNotCompile("ip('1.2.3.4').family(1)");
        assertDoesNotCompile("ip('1.2.3.4') == '1.2.3.4'");
        assertDoesNotCompile("ip.isCanonical(1)");
    }

    @Test
    void ipOfDynNonString_failsAtRuntime() {
        assertThatThrownBy(() -> eval("ip(object.port)", Map.of("port", 80L)))
                .isInstanceOf(CelEvaluationException.class);
    }

    // --- string(), ip.isCanonical() ---

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, 127.0.0.1",
            "2001:DB8::ABCD, 2001:db8::abcd",
            "2001:db8:0:0:0:0:0:abcd, 2001:db8::abcd",
            "0:0:0:0:0:0:0:0, ::",
            "0:0:0:0:0:0:0:1, ::1",
            "1:0:0:0:0:0:0:0, 1::",
            "2001:0db8:0000:0001:0000:0000:0000:0001, 2001:db8:0:1::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "1:0:1:1:1:1:1:1, 1:0:1:1:1:1:1:1",
            "::1.2.3.4, ::102:304"})
    void stringOfIp_isCanonicalForm(String input, String canonical) throws Exception {
        assertThat(eval("string(ip('" + input + "'))")).isEqualTo(canonical);
        assertThat(eval("ip.isCanonical('" + input + "')")).isEqualTo(input.equals(canonical));
        assertThat(eval("ip.isCanonical('" + canonical + "')")).isEqualTo(true);
    }

    @Test
    void isCanonicalOfInvalidAddress_failsAtRuntime() {
        assertFailsAtRuntime("ip.isCanonical('1.2.3.04')", "leading zero");
    }

    // --- family and classification ---

    @Test
    void familyIs4Or6_asInt() throws Exception {
        assertThat(eval("ip('127.0.0.1').family()")).isEqualTo(4L);
        assertThat(eval("ip('::1').family()")).isEqualTo(6L);
        assertThat(eval("ip('::1').family() == 6")).isEqualTo(true);
    }

    @ParameterizedTest
    @CsvSource({
            // address, unspecified, loopback, linkLocalMulticast, linkLocalUnicast, globalUnicast
            "0.0.0.0, true, false, false, false, false",
            "::, true, false, false, false, false",
            "127.0.0.1, false, true, false, false, false",
            "127.255.0.9, false, true, false, false, false",
            "::1, false, true, false, false, false",
            "224.0.0.1, false, false, true, false, false",
            "224.0.1.1, false, false, false, false, false",
            "ff02::1, false, false, true, false, false",
            "ff12::1, false, false, true, false, false",
            "ff05::1, false, false, false, false, false",
            "169.254.169.254, false, false, false, true, false",
            "fe80::1, false, false, false, true, false",
            "febf::1, false, false, false, true, false",
            "fec0::1, false, false, false, false, true",
            "fd80::1, false, false, false, false, true",
            "192.168.0.1, false, false, false, false, true",
            "10.1.2.3, false, false, false, false, true",
            "255.255.255.255, false, false, false, false, false",
            "2001:db8::abcd, false, false, false, false, true"})
    void classifiesAddressesAsGoNetipDoes(String address, boolean unspecified, boolean loopback,
            boolean linkLocalMulticast, boolean linkLocalUnicast, boolean globalUnicast) throws Exception {
        String ip = "ip('" + address + "')";
        assertThat(eval(ip + ".isUnspecified()")).isEqualTo(unspecified);
        assertThat(eval(ip + ".isLoopback()")).isEqualTo(loopback);
        assertThat(eval(ip + ".isLinkLocalMulticast()")).isEqualTo(linkLocalMulticast);
        assertThat(eval(ip + ".isLinkLocalUnicast()")).isEqualTo(linkLocalUnicast);
        assertThat(eval(ip + ".isGlobalUnicast()")).isEqualTo(globalUnicast);
    }

    // --- cidr() and isCIDR() ---

    @ParameterizedTest
    @ValueSource(strings = {"192.168.0.0/16", "0.0.0.0/0", "10.0.0.1/32", "192.168.0.1/24", "::/0", "::1/128",
            "2001:db8::/32", "2001:DB8::/48", "1.2.3.4/9"})
    void isCidrAcceptsValidRanges(String range) throws Exception {
        assertThat(eval("isCIDR('" + range + "')")).isEqualTo(true);
        assertThat(eval("cidr('" + range + "') == cidr('" + range + "')")).isEqualTo(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "192.168.0.0", "192.168.0.0/", "192.168.0.0/33", "::1/129", "10.0.0.0/08",
            "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/8/8", "10.0.0.0 /8", "10.0.0.0/8 ", "10.0.0.00/8",
            "::ffff:1.2.3.4/120", "fe80::%eth0/64", "/8", "10.0.0.0/1000", "example.com/24"})
    void isCidrRejectsInvalidRanges_andCidrThrows(String range) {
        assertThatThrownBy(() -> eval("cidr('" + range + "')"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("invalid CIDR");
        try {
            assertThat(eval("isCIDR('" + range + "')")).isEqualTo(false);
        } catch (CelEvaluationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void cidrOfWrongArgumentType_doesNotCompile() {
        assertDoesNotCompile("cidr(192168)");
        assertDoesNotCompile("cidr('10.0.0.0/8').containsIP(1)");
        assertDoesNotCompile("cidr('10.0.0.0/8').containsCIDR(ip('10.0.0.1'))");
        assertDoesNotCompile("ip('10.0.0.1').containsIP('10.0.0.1')");
        assertDoesNotCompile("cidr('10.0.0.0/8') == ip('10.0.0.0')");
    }

    // --- containsIP ---

    @ParameterizedTest
    @CsvSource({
            "192.168.0.0/24, 192.168.0.1, true",
            "192.168.0.0/24, 192.168.0.255, true",
            "192.168.0.0/24, 192.168.1.1, false",
            "192.168.0.1/24, 192.168.0.200, true",
            "0.0.0.0/0, 255.255.255.255, true",
            "0.0.0.0/0, ::1, false",
            "10.0.0.1/32, 10.0.0.1, true",
            "10.0.0.1/32, 10.0.0.2, false",
            "10.0.0.0/9, 10.127.255.255, true",
            "10.0.0.0/9, 10.128.0.0, false",
            "2001:db8::/32, 2001:db8::1, true",
            "2001:db8::/32, 2001:dc8::1, false",
            "::/0, 2001:db8::1, true",
            "::/0, 10.0.0.1, false",
            "::1/128, ::1, true",
            "::1/128, ::2, false"})
    void containsIp_withIpOrString(String range, String address, boolean contained) throws Exception {
        assertThat(eval("cidr('" + range + "').containsIP(ip('" + address + "'))")).isEqualTo(contained);
        assertThat(eval("cidr('" + range + "').containsIP('" + address + "')")).isEqualTo(contained);
    }

    @Test
    void containsIpOfInvalidString_failsAtRuntime() {
        assertFailsAtRuntime("cidr('10.0.0.0/8').containsIP('10.0.0.256')", "invalid IP address");
    }

    // --- containsCIDR ---

    @ParameterizedTest
    @CsvSource({
            "192.168.0.0/16, 192.168.10.0/24, true",
            "192.168.0.0/16, 192.168.0.1/32, true",
            "192.168.1.0/24, 192.168.2.0/24, false",
            "192.168.0.0/24, 192.168.0.0/24, true",
            "192.168.0.0/24, 192.168.0.0/25, true",
            "192.168.0.0/24, 192.168.0.0/23, false",
            "192.168.0.9/24, 192.168.0.128/25, true",
            "0.0.0.0/0, 10.0.0.0/8, true",
            "0.0.0.0/0, ::/0, false",
            "10.0.0.1/32, 10.0.0.1/32, true",
            "2001:db8::/32, 2001:db8::/33, true",
            "2001:db8::/32, 2001:db8::/31, false",
            "2001:db8::/32, 2001:db8:ffff::/48, true",
            "::/0, 2001:db8::/32, true"})
    void containsCidr_withCidrOrString(String outer, String inner, boolean contained) throws Exception {
        assertThat(eval("cidr('" + outer + "').containsCIDR(cidr('" + inner + "'))")).isEqualTo(contained);
        assertThat(eval("cidr('" + outer + "').containsCIDR('" + inner + "')")).isEqualTo(contained);
    }

    @Test
    void containsCidrOfInvalidString_failsAtRuntime() {
        assertFailsAtRuntime("cidr('10.0.0.0/8').containsCIDR('10.0.0.0/33')", "invalid CIDR");
    }

    // --- ip(), masked(), prefixLength(), string() ---

    @Test
    void cidrIpKeepsHostBits_andMaskedClearsThem() throws Exception {
        assertThat(eval("cidr('192.168.0.1/24').ip() == ip('192.168.0.1')")).isEqualTo(true);
        assertThat(eval("cidr('192.168.0.1/24').ip().family()")).isEqualTo(4L);
        assertThat(eval("cidr('::1/128').ip().family()")).isEqualTo(6L);
        assertThat(eval("string(cidr('192.168.0.1/24').masked())")).isEqualTo("192.168.0.0/24");
        assertThat(eval("cidr('192.168.0.1/24').masked() == cidr('192.168.0.0/24')")).isEqualTo(true);
        assertThat(eval("cidr('192.168.0.1/24') == cidr('192.168.0.0/24')")).isEqualTo(false);
        assertThat(eval("cidr('192.168.0.0/24') == cidr('192.168.0.0/24').masked()")).isEqualTo(true);
        assertThat(eval("string(cidr('2001:db8:1::/32').masked())")).isEqualTo("2001:db8::/32");
        assertThat(eval("string(cidr('10.1.2.3/0').masked())")).isEqualTo("0.0.0.0/0");
        assertThat(eval("string(cidr('10.1.2.3/32').masked())")).isEqualTo("10.1.2.3/32");
        assertThat(eval("string(cidr('10.255.2.3/9').masked())")).isEqualTo("10.128.0.0/9");
    }

    @Test
    void prefixLengthIsInt_fromZeroTo128() throws Exception {
        assertThat(eval("cidr('0.0.0.0/0').prefixLength()")).isEqualTo(0L);
        assertThat(eval("cidr('10.0.0.1/32').prefixLength()")).isEqualTo(32L);
        assertThat(eval("cidr('::1/128').prefixLength()")).isEqualTo(128L);
        assertThat(eval("cidr(object.podCIDR).prefixLength() <= 24", Map.of("podCIDR", "10.244.0.0/16")))
                .isEqualTo(true);
    }

    @Test
    void stringOfCidr_usesCanonicalAddress() throws Exception {
        assertThat(eval("string(cidr('192.168.0.0/24'))")).isEqualTo("192.168.0.0/24");
        assertThat(eval("string(cidr('2001:DB8:0:0::/64'))")).isEqualTo("2001:db8::/64");
    }
}
