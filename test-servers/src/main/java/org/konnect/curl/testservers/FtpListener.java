package org.konnect.curl.testservers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ftpserver.DataConnectionConfiguration;
import org.apache.ftpserver.FtpServerConfigurationException;
import org.apache.ftpserver.impl.DefaultFtpHandler;
import org.apache.ftpserver.impl.FtpHandler;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.ftpserver.listener.nio.AbstractListener;
import org.apache.ftpserver.listener.nio.FtpHandlerAdapter;
import org.apache.ftpserver.listener.nio.FtpServerProtocolCodecFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.filter.executor.ExecutorFilter;
import org.apache.mina.filter.executor.OrderedThreadPoolExecutor;
import org.apache.mina.filter.ssl.SslFilter;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * Apache FtpServer's control-connection listener, set up for a test server: MINA's acceptor,
 * I/O processors and command handlers all run on daemon threads of this listener's own (so that
 * a server left open never keeps a JVM alive, and {@link #stop()} can wait for them to end), and
 * every accepted TCP connection is counted before the server greets it.
 *
 * <p>The filter chain is Apache FtpServer's: the FTP codec behind an ordered executor (one
 * session's commands run in order, on a handler thread, where the blocking data transfers
 * happen), with TLS first on an implicit-TLS listener. {@code AUTH TLS} adds TLS to a session
 * of an explicit one by itself.
 */
final class FtpListener extends AbstractListener {

    private static final AtomicInteger SERIAL = new AtomicInteger();
    private static final int IO_PROCESSORS = 2;
    private static final int MAX_HANDLER_THREADS = 64;
    private static final int IDLE_SECONDS = 300;

    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final String threadPrefix = "loopback-ftp-" + SERIAL.incrementAndGet();

    private NioSocketAcceptor acceptor;
    private SimpleIoProcessorPool<NioSession> processors;
    private ExecutorService io;
    private OrderedThreadPoolExecutor handlers;
    private FtpServerContext context;

    FtpListener(String address, boolean implicitTls, SslConfiguration tls, DataConnectionConfiguration data) {
        super(address, 0, implicitTls, tls, data, IDLE_SECONDS, List.of(), List.of());
    }

    /** TCP connections accepted since start. */
    int acceptedConnections() {
        return accepted.get();
    }

    /** The threads this listener has started so far (alive or not). */
    Set<Thread> threads() {
        return Set.copyOf(threads);
    }

    private ThreadFactory daemons(String kind) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, threadPrefix + "-" + kind + "-" + n.incrementAndGet());
            t.setDaemon(true);
            threads.add(t);
            return t;
        };
    }

    @Override
    public synchronized void start(FtpServerContext serverContext) {
        if (!isStopped()) {
            throw new IllegalStateException("listener already started");
        }
        context = serverContext;
        // MINA renames its acceptor and processor threads while they run; the handlers keep these names.
        io = Executors.newCachedThreadPool(daemons("io"));
        handlers = new OrderedThreadPoolExecutor(0, MAX_HANDLER_THREADS, 10, TimeUnit.SECONDS, daemons("handler"));
        processors = new SimpleIoProcessorPool<>(NioProcessor.class, io, IO_PROCESSORS, null);
        acceptor = new NioSocketAcceptor(io, processors);
        try {
            acceptor.setReuseAddress(true);
            acceptor.getSessionConfig().setIdleTime(IdleStatus.BOTH_IDLE, getIdleTimeout());
            acceptor.getFilterChain().addLast("count", new IoFilterAdapter() {
                @Override
                public void sessionCreated(NextFilter next, IoSession session) throws Exception {
                    accepted.incrementAndGet();
                    next.sessionCreated(session);
                }
            });
            if (isImplicitSsl()) {
                acceptor.getFilterChain().addLast("tls", tlsFilter(getSslConfiguration()));
            }
            acceptor.getFilterChain().addLast("handlers", new ExecutorFilter(handlers));
            acceptor.getFilterChain().addLast("codec", new ProtocolCodecFilter(new FtpServerProtocolCodecFactory()));
            FtpHandler handler = new DefaultFtpHandler();
            handler.init(serverContext, this);
            acceptor.setHandler(new FtpHandlerAdapter(serverContext, handler));
            acceptor.bind(new InetSocketAddress(getServerAddress(), 0));
            setPort(acceptor.getLocalAddress().getPort());
        } catch (IOException | RuntimeException e) {
            stop();
            throw new FtpServerConfigurationException("cannot start the loopback FTP listener", e);
        }
    }

    private static SslFilter tlsFilter(SslConfiguration tls) {
        try {
            SslFilter filter = new SslFilter(tls.getSSLContext());
            filter.setEnabledProtocols(tls.getEnabledProtocols());
            return filter;
        } catch (GeneralSecurityException e) {
            throw new FtpServerConfigurationException("cannot set up TLS", e);
        }
    }

    /**
     * Closes every session's data connection (ending a transfer in progress, and a passive
     * listener waiting for one), then the control connections and the listening socket, and
     * waits up to {@code timeout} for the threads to end.
     */
    synchronized void stop(Duration timeout) {
        if (acceptor == null) {
            return;
        }
        List<IoSession> sessions = List.copyOf(acceptor.getManagedSessions().values());
        closeDataConnections(sessions);
        acceptor.unbind(); // closes the control connections
        closeDataConnections(sessions); // and whatever a command still in flight opened
        acceptor.dispose();
        processors.dispose();
        handlers.shutdown();
        io.shutdown();
        // No shutdownNow() for the handlers: MINA's OrderedThreadPoolExecutor spins in it until
        // every worker has ended, and an interrupt does not end a blocking socket call anyway.
        // With the data connections closed no handler is left blocked; should one be, it is a
        // daemon and ends with its socket.
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            handlers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!io.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                io.shutdownNow();
            }
        } catch (InterruptedException e) {
            io.shutdownNow();
            Thread.currentThread().interrupt();
        }
        acceptor = null;
        context = null;
    }

    private void closeDataConnections(List<IoSession> sessions) {
        for (IoSession session : sessions) {
            new FtpIoSession(session, context).getDataConnection().closeDataConnection();
        }
    }

    @Override
    public void stop() {
        stop(Duration.ofSeconds(2));
    }

    @Override
    public synchronized boolean isStopped() {
        return acceptor == null;
    }

    @Override
    public boolean isSuspended() {
        return false;
    }

    /** Not supported: a test server listens from start to close. */
    @Override
    public void suspend() {
        throw new UnsupportedOperationException("the loopback FTP listener cannot be suspended");
    }

    @Override
    public void resume() {
    }

    @Override
    public synchronized Set<FtpIoSession> getActiveSessions() {
        Set<FtpIoSession> sessions = new HashSet<>();
        if (acceptor != null) {
            for (IoSession session : acceptor.getManagedSessions().values()) {
                sessions.add(new FtpIoSession(session, context));
            }
        }
        return sessions;
    }
}
