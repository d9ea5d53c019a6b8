package dev.ballast.proxy;

import dev.ballast.core.model.ListenerBindException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sockets of this host as Linux shows them in {@code /proc/net/{tcp,tcp6,udp,udp6}}, and the process that holds
 * one (found through {@code /proc/<pid>/fd}). Best effort: on other systems, or for processes of other users, it
 * finds nothing and says so by returning empty.
 *
 * <p>Thread-safe (stateless; every call reads {@code /proc} afresh).
 */
public final class HostSockets {
    private static final String TCP_LISTEN = "0A";
    private static final int CMDLINE_MAX = 80;

    private final Path proc;

    /** The host's sockets as {@code /proc} shows them. */
    public HostSockets() {
        this(Path.of("/proc"));
    }

    HostSockets(Path proc) {
        this.proc = proc;
    }

    /** One bound socket: {@code tcp} or {@code udp}, local address and port, and its inode. */
    record Entry(String transport, InetAddress address, int port, long inode) {}

    /**
     * Who holds {@code transport} ({@code tcp}/{@code udp}) port {@code port} so that {@code address} cannot bind it
     * (the same address, or either side the wildcard): e.g. {@code PID 4242 (nginx: master process)}, or empty if
     * no such socket or its process is not visible.
     */
    public Optional<String> holder(String transport, String address, int port) {
        InetAddress wanted = parse(address);
        for (Entry entry : entries(transport)) {
            if (entry.port() == port && (wanted == null || overlaps(entry.address(), wanted))) {
                Optional<String> owner = owner(entry.inode());
                if (owner.isPresent()) {
                    return owner;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The exception for a socket {@code transport} {@code address:port} that could not be bound because of
     * {@code cause}, naming the process that holds the port when it can be found.
     */
    public ListenerBindException bindFailure(String transport, String address, int port, Throwable cause) {
        return new ListenerBindException(transport, address, port, holder(transport, address, port).orElse(null),
                cause);
    }

    /** Whether any TCP or UDP socket on this host is bound to exactly {@code address} (any port). */
    public boolean addressInUse(String address) {
        InetAddress wanted = parse(address);
        if (wanted == null) {
            return false;
        }
        List<Entry> all = new ArrayList<>(entries("tcp"));
        all.addAll(entries("udp"));
        return all.stream().anyMatch(e -> same(e.address(), wanted));
    }

    /**
     * Whether {@code address} is free for a new load balancer on this host: no socket is bound to it and this
     * process can bind it.
     */
    public boolean addressFree(String address) {
        if (addressInUse(address)) {
            return false;
        }
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean overlaps(InetAddress bound, InetAddress wanted) {
        return bound.isAnyLocalAddress() || wanted.isAnyLocalAddress() || same(bound, wanted);
    }

    private static boolean same(InetAddress a, InetAddress b) {
        return a.equals(b) || mappedV4(a).equals(mappedV4(b));
    }

    /** {@code ::ffff:a.b.c.d} as {@code a.b.c.d}; any other address as it is. */
    private static InetAddress mappedV4(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 16 && raw[10] == (byte) 0xff && raw[11] == (byte) 0xff) {
            boolean zeros = true;
            for (int i = 0; i < 10; i++) {
                zeros &= raw[i] == 0;
            }
            if (zeros) {
                try {
                    return InetAddress.getByAddress(new byte[] {raw[12], raw[13], raw[14], raw[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }

    /** The bound sockets of {@code transport}: TCP sockets that listen, every UDP socket. */
    List<Entry> entries(String transport) {
        List<Entry> out = new ArrayList<>();
        for (String file : List.of(transport, transport + "6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(proc.resolve("net").resolve(file), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                continue; // no /proc (not Linux) or no IPv6
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || (transport.equals("tcp") && !f[3].equals(TCP_LISTEN))) {
                    continue;
                }
                int colon = f[1].indexOf(':');
                out.add(new Entry(transport, decode(f[1].substring(0, colon)),
                        Integer.parseInt(f[1].substring(colon + 1), 16), Long.parseLong(f[9])));
            }
        }
        return out;
    }

    /** The kernel prints the address as 32-bit words in host order (little-endian on x86 and arm64). */
    private static InetAddress decode(String hex) {
        byte[] raw = new byte[hex.length() / 2];
        for (int word = 0; word < raw.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = (word * 4 + 3 - b) * 2;
                raw[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + hex, e);
        }
    }

    /** {@code PID <pid> (<command line>)} of the process with a descriptor on socket {@code inode}. */
    private Optional<String> owner(long inode) {
        if (inode == 0) {
            return Optional.empty();
        }
        String link = "socket:[" + inode + "]";
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString()
                .matches("\\d+"))) {
            for (Path pid : pids) {
                if (holds(pid.resolve("fd"), link)) {
                    String pidText = pid.getFileName().toString();
                    String self = String.valueOf(ProcessHandle.current().pid());
                    return Optional.of("PID " + pidText + " (" + (pidText.equals(self) ? "this process"
                            : commandLine(pid)) + ")");
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean holds(Path fdDir, String link) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(link)) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException | SecurityException e) {
            return false; // another user's process, or gone
        }
        return false;
    }

    private static String commandLine(Path pid) {
        try {
            String[] args = new String(Files.readAllBytes(pid.resolve("cmdline")), StandardCharsets.UTF_8)
                    .split("\0");
            if (args.length > 0 && !args[0].isEmpty()) {
                args[0] = Path.of(args[0]).getFileName().toString(); // python3, not /usr/local/bin/python3
            }
            // One line: arguments may hold newlines (python3 -c "...").
            String text = String.join(" ", args).replaceAll("\\s+", " ").trim();
            if (text.isEmpty()) {
                text = Files.readString(pid.resolve("comm"), StandardCharsets.UTF_8).trim();
            }
            return text.length() <= CMDLINE_MAX ? text : text.substring(0, CMDLINE_MAX - 3) + "...";
        } catch (IOException e) {
            return "command unknown";
        }
    }

    private static InetAddress parse(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
