package dev.ballast.dns;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's resolvers, as {@code /etc/resolv.conf} names them ({@code nameserver} lines), which Ballast's DNS
 * forwards names outside its zones to. Only IPv4 addresses are used (the forwarding socket is IPv4).
 *
 * <p>Thread-safe (stateless).
 */
public final class HostResolvers {
    /** Where the host's resolvers are configured. */
    public static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final int DNS_PORT = 53;

    private HostResolvers() {}

    /** The IPv4 {@code nameserver}s of {@code resolvConf}, port 53, in order; empty when it cannot be read. */
    public static List<InetSocketAddress> read(Path resolvConf) {
        List<String> lines;
        try {
            lines = Files.readAllLines(resolvConf);
        } catch (IOException e) {
            return List.of();
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (String line : lines) {
            String[] words = line.strip().split("\\s+");
            if (words.length >= 2 && words[0].equals("nameserver") && words[1].matches("[0-9.]+")) {
                try {
                    InetAddress address = InetAddress.getByName(words[1]); // a literal: no lookup
                    if (address instanceof Inet4Address) {
                        out.add(new InetSocketAddress(address, DNS_PORT));
                    }
                } catch (UnknownHostException e) {
                    // not an address: skipped, as the C library skips it
                }
            }
        }
        return List.copyOf(out);
    }
}
