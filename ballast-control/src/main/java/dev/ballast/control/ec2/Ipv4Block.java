package dev.ballast.control.ec2;

/**
 * An IPv4 CIDR block of a VPC or subnet, in canonical form (no host bits set), as EC2 requires for them.
 *
 * <p>Thread-safe (immutable).
 *
 * @param network the network address as an unsigned 32-bit value
 * @param prefixLength 0-32
 */
public record Ipv4Block(long network, int prefixLength) {
    /** The block {@code text} such as {@code 10.0.0.0/16}, or null when it is not a canonical IPv4 CIDR block. */
    public static Ipv4Block parse(String text) {
        if (text == null || !text.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
            return null;
        }
        int slash = text.indexOf('/');
        int prefix = Integer.parseInt(text.substring(slash + 1));
        String[] parts = text.substring(0, slash).split("\\.");
        long address = 0;
        for (String part : parts) {
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return null;
            }
            address = address << 8 | octet;
        }
        if (prefix > 32 || (address & ~mask(prefix)) != 0) {
            return null;
        }
        return new Ipv4Block(address, prefix);
    }

    /** The number of addresses in the block. */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    /** True if every address of {@code other} is in this block. */
    public boolean encloses(Ipv4Block other) {
        return other.prefixLength >= prefixLength && (other.network & mask(prefixLength)) == network;
    }

    /** True if the two blocks share an address. */
    public boolean overlaps(Ipv4Block other) {
        return encloses(other) || other.encloses(this);
    }

    /** The address {@code offset} addresses into the block, as a dotted quad. */
    public String address(long offset) {
        long a = network + offset;
        return (a >> 24 & 255) + "." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : 0xffffffffL << (32 - prefix) & 0xffffffffL;
    }

    @Override
    public String toString() {
        return address(0) + "/" + prefixLength;
    }
}
