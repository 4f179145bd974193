package org.konnect.curl.fuzz;

import java.util.Collection;
import java.util.Random;
import org.konnect.curl.CurlConstant;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.Mime;

/**
 * A value for an option: of its kind and within its {@link Domain} ({@link #fitting}), or of any
 * other type ({@link #misfit}); and {@link #fits}, whether {@code setopt} must accept a value's
 * Java type, as {@code ConfigHandle} documents it.
 */
final class OptionValues {
    private final Sandbox sandbox;
    private final FuzzCallbacks callbacks;

    OptionValues(Sandbox sandbox, FuzzCallbacks callbacks) {
        this.sandbox = sandbox;
        this.callbacks = callbacks;
    }

    /** A value of the option's kind, in its domain; for an unclassified or unsupported option, a misfit. */
    Object fitting(CurlOpt option, Random r) {
        Domain domain = Domain.of(option);
        switch (domain) {
            case URL: return sandbox.url(r);
            case PROXY: return sandbox.proxy(r);
            case INTERFACE: return sandbox.iface(r);
            case FTPPORT: return sandbox.ftpPort(r);
            case PORT: return sandbox.port(r);
            case LOCALPORT: return sandbox.localPort(r);
            case READ_PATH: return sandbox.readPath(r);
            case WRITE_PATH: return sandbox.writePath(r);
            case UNIX_SOCKET: return sandbox.unixSocket(r);
            case ABSTRACT_SOCKET: return sandbox.abstractSocket(r);
            case ENGINE: return sandbox.engine(r);
            case COOKIELIST: return sandbox.cookieList(r);
            case HOST_MAP: return Values.stringList(r, r, x -> sandbox.hostMapEntry(x, option.name().equals("RESOLVE")));
            case UNCLASSIFIED: return refused(option, r);
            default: return free(option, r);
        }
    }

    private Object free(CurlOpt option, Random r) {
        switch (option.kind()) {
            case LONG: return Values.longOption(r);
            case OFF_T: return Values.offT(r);
            case STRING: return Values.text(r);
            case SLIST: return Values.stringList(r, r, Values::text);
            case BLOB: return Values.blob(r);
            case BYTES: return Values.body(r);
            case MIME: return Values.mime(r);
            case CALLBACK: return callbacks.of(option.callbackType(), r);
            default: return refused(option, r);
        }
    }

    /**
     * A value of another type than the option takes. For an option of the {@link Domain#FREE} domain
     * it may fit by chance (then it is a free value too); for the others it never fits, so that no
     * file or host outside the sandbox can slip in as a "wrong" value.
     */
    Object misfit(CurlOpt option, Random r) {
        return Domain.of(option) == Domain.FREE ? anyValue(r) : refused(option, r);
    }

    /** A value {@code setopt} must refuse for this option. */
    Object refused(CurlOpt option, Random r) {
        for (int i = 0; i < 20; i++) {
            Object v = anyValue(r);
            if (!fits(option, v)) return v;
        }
        return null;
    }

    private Object anyValue(Random r) {
        switch (r.nextInt(12)) {
            case 0: return null;
            case 1: return Values.longValue(r);
            case 2: return r.nextBoolean();
            case 3: return r.nextBoolean() ? Values.text(r) : Values.withNul(r);
            case 4: return Values.bytes(r, r.nextInt(50));
            case 5: return Values.stringList(r, r, r.nextBoolean() ? Values::text : Values::withNul);
            case 6: return Values.mime(r);
            case 7: return callbacks.any(r);
            case 8: return org.konnect.curl.HttpVersion.HTTP_1_1;
            default: return Values.alien(r);
        }
    }

    /** Whether {@code setopt(option, value)} must accept the value's type (libcurl may still refuse the value). */
    static boolean fits(CurlOpt option, Object value) {
        if (value == null) return false;
        switch (option.kind()) {
            case LONG:
                return integral(value) || value instanceof Boolean || value instanceof CurlConstant;
            case OFF_T:
                return integral(value);
            case STRING:
                return value instanceof String && ((String) value).indexOf('\0') < 0;
            case SLIST:
                Object[] items = value instanceof Collection ? ((Collection<?>) value).toArray()
                        : value instanceof String[] ? (String[]) value : null;
                if (items == null) return false;
                for (Object item : items) {
                    if (!(item instanceof String) || ((String) item).indexOf('\0') >= 0) return false;
                }
                return true;
            case BLOB:
                return value instanceof byte[];
            case BYTES:
                return value instanceof byte[] || value instanceof String;
            case MIME:
                return value instanceof Mime;
            case CALLBACK:
                return option.callbackType().isInstance(value);
            default:
                return false;
        }
    }

    private static boolean integral(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
    }
}
