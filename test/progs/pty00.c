// SPDX-License-Identifier: GPL-2.0
/*
 * pty00: two ptys of the CT's devpts, above a gap (the first pty opened was closed
 * before the dump). A canonical one (no echo, VINTR ^G) is the controlling terminal
 * of a child's session, the session leader's window size set, a grandchild's process
 * group in front; a raw one (cfmakeraw, 115200 baud, another window size) the parent
 * holds at both ends, its slave locked again after it was opened. After the restore:
 * the same ptsname()s, termios, window sizes and lock states, the child's session and
 * foreground group through its terminal, a line written to the canonical master read
 * by the foreground grandchild and its answer read back, bytes both ways on the raw
 * pair, ^G on the master delivering SIGINT to the foreground group only, and a new
 * pty taking the gap's index (the restore's temporary ptys are gone). Two more ptys
 * hold output in flight (output_setup()): a session's program that printed faster
 * than sshd or a terminal read, and a slave's last line after it was closed. Two more
 * hold input in flight (input_setup()): what a user typed ahead at a canonical
 * terminal, whole lines and one not ended, and more bytes at a raw one than its
 * line discipline takes.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>

#define VINTR_CHAR	0x07

static volatile sig_atomic_t got_int, got_alarm;

static void on_int(int sig)
{
	(void)sig;
	got_int++;
}

static void on_alarm(int sig)
{
	(void)sig;
	got_alarm = 1;
}

/* The grandchild's 20 s went by: what it knows of its signals and its terminal, for the log. */
static void __attribute__((noreturn)) grandchild_late(int s1, const char *waiting)
{
	char line[128], sigs[256] = "";
	size_t at = 0;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f) && at < sizeof(sigs) - 1)
		if (!strncmp(line, "SigPnd", 6) || !strncmp(line, "ShdPnd", 6) ||
		    !strncmp(line, "SigBlk", 6) || !strncmp(line, "SigCgt", 6)) {
			line[strcspn(line, "\n")] = 0;
			at += (size_t)snprintf(sigs + at, sizeof(sigs) - at, " %s", line);
		}
	if (f)
		fclose(f);
	zt_fail("the grandchild waited 20 s for %s (SIGINTs %d; foreground %d, its group %d;%s)",
		waiting, (int)got_int, tcgetpgrp(s1), getpgrp(), sigs);
}

static int open_master(char *name, size_t len)
{
	int m = zt_syscall(posix_openpt(O_RDWR | O_NOCTTY));

	zt_syscall(grantpt(m));
	zt_syscall(unlockpt(m));
	zt_check(!ptsname_r(m, name, len), "ptsname: %s", strerror(errno));
	return m;
}

static void same_termios(const struct termios *a, const struct termios *b, const char *what)
{
	zt_check(a->c_iflag == b->c_iflag && a->c_oflag == b->c_oflag &&
		 a->c_cflag == b->c_cflag && a->c_lflag == b->c_lflag,
		 "%s: termios flags %#x %#x %#x %#x, were %#x %#x %#x %#x", what, a->c_iflag,
		 a->c_oflag, a->c_cflag, a->c_lflag, b->c_iflag, b->c_oflag, b->c_cflag,
		 b->c_lflag);
	zt_check(!memcmp(a->c_cc, b->c_cc, sizeof(a->c_cc)), "%s: c_cc differs", what);
	zt_check(cfgetispeed(a) == cfgetispeed(b) && cfgetospeed(a) == cfgetospeed(b),
		 "%s: speeds differ", what);
}

static void same_winsize(int fd, const struct winsize *w, const char *what)
{
	struct winsize now;

	zt_syscall(ioctl(fd, TIOCGWINSZ, &now));
	zt_check(now.ws_row == w->ws_row && now.ws_col == w->ws_col &&
		 now.ws_xpixel == w->ws_xpixel && now.ws_ypixel == w->ws_ypixel,
		 "%s: window %ux%u, was %ux%u", what, now.ws_col, now.ws_row, w->ws_col,
		 w->ws_row);
}

static int locked(int m)
{
	int l = -1;

	zt_syscall(ioctl(m, TIOCGPTLCK, &l));
	return l;
}

/* Reads until @want (a string) is in what came, within a few seconds. */
static void read_until(int fd, const char *want, const char *what)
{
	char buf[256];
	size_t have = 0;
	ssize_t n;

	alarm(20);
	while (have < sizeof(buf) - 1) {
		n = read(fd, buf + have, sizeof(buf) - 1 - have);
		zt_check(n > 0, "%s: read gave %zd (%s)", what, n, strerror(errno));
		have += n;
		buf[have] = 0;
		if (strstr(buf, want)) {
			alarm(0);
			return;
		}
	}
	zt_fail("%s: read %zu bytes without \"%s\"", what, have, want);
}

/* The grandchild: the foreground group of the canonical pty's session. */
static void grandchild(int s1, pid_t leader)
{
	struct sigaction sa = { .sa_handler = on_int }, alrm = { .sa_handler = on_alarm };
	char line[64];
	ssize_t n;

	sigaction(SIGINT, &sa, NULL);
	/* No SA_RESTART: the alarm ends a wait, which then says what it waited for. */
	sigaction(SIGALRM, &alrm, NULL);
	zt_wait();
	zt_check(getsid(0) == leader, "the grandchild is in session %d, not %d", getsid(0), leader);
	zt_check(tcgetpgrp(s1) == getpgrp(), "the terminal's foreground is %d, not the grandchild's %d",
		 tcgetpgrp(s1), getpgrp());
	zt_check(tcgetsid(s1) == leader, "the terminal's session is %d, not %d", tcgetsid(s1),
		 leader);
	alarm(20);
	n = read(s1, line, sizeof(line) - 1);
	if (n < 0 && got_alarm)
		grandchild_late(s1, "hello");
	zt_check(n == 6 && !memcmp(line, "hello\n", 6), "the grandchild read %zd bytes, not hello",
		 n);
	zt_check(write(s1, "world\n", 6) == 6, "write world: %s", strerror(errno));
	while (!got_int && !got_alarm)
		pause();
	if (!got_int)
		grandchild_late(s1, "its SIGINT");
	exit(got_int == 1 ? 0 : 1);
}

/* The child: a session whose controlling terminal is the canonical pty. */
static void child(const char *name1, const struct termios *t1, const struct winsize *w1,
		  int ready)
{
	struct sigaction sa = { .sa_handler = on_int };
	pid_t g, me;
	int s1;

	me = zt_syscall(setsid());
	s1 = zt_syscall(open(name1, O_RDWR));	/* a session leader's first terminal is its own */
	zt_syscall(tcsetattr(s1, TCSANOW, t1));
	zt_syscall(ioctl(s1, TIOCSWINSZ, w1));
	sigaction(SIGINT, &sa, NULL);
	g = zt_syscall(fork());
	if (!g) {
		setpgid(0, 0);
		grandchild(s1, me);
	}
	zt_syscall(setpgid(g, g));
	zt_syscall(tcsetpgrp(s1, g));
	zt_check(write(ready, "r", 1) == 1, "write ready: %s", strerror(errno));
	zt_wait();
	zt_check(tcgetsid(s1) == me, "the child's terminal is of session %d, not %d", tcgetsid(s1),
		 me);
	zt_check(tcgetpgrp(s1) == g, "the child's terminal has %d in front, not %d", tcgetpgrp(s1),
		 g);
	zt_syscall(kill(g, SIGTERM));
	zt_reap(g, "the grandchild (it reads hello, answers world, and gets one SIGINT)");
	zt_check(!got_int, "the background session leader got SIGINT");
	exit(0);
}

/* The output in flight: LINES lines of LINE bytes, 10 000, 10 200 at the master. */
#define LINES	200
#define LINE	50

struct output {
	int m, s, m2;		/* the pty written and not read; the one whose slave closed */
	size_t len;
	char want[LINES * (LINE + 1)];
};

static void line(char *buf, int i)
{
	snprintf(buf, LINE + 1, "%05u the quick brown fox jumps over the lazy dog\n",
		 (unsigned int)i % 100000U);
}

/* Up to @want bytes from @fd into @buf, each read waiting at most @ms; what came. */
static size_t drain(int fd, char *buf, size_t want, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t have = 0;
	ssize_t n;

	while (have < want && poll(&p, 1, ms) == 1) {
		n = read(fd, buf + have, want - have);
		if (n <= 0)
			break;
		have += n;
	}
	return have;
}

/*
 * Output in flight: the slave, canonical with OPOST|ONLCR, writes more than the master's
 * line discipline holds (4 KiB), so that the rest waits in its flip buffers, and the
 * master reads none of it; a second pty's slave writes "bye\n" and is closed by its
 * only holder, a child that exits.
 */
static void output_setup(struct output *o)
{
	struct pollfd pfd = { .events = POLLIN };
	char name[64], l[LINE + 1];
	struct termios t;
	pid_t c;
	int i;

	o->m = open_master(name, sizeof(name));
	o->s = zt_syscall(open(name, O_RDWR | O_NOCTTY));
	zt_syscall(tcgetattr(o->s, &t));
	zt_check((t.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR), "the slave has oflag %#x",
		 t.c_oflag);
	for (o->len = 0, i = 0; i < LINES; i++) {
		line(l, i);
		zt_check(write(o->s, l, LINE) == LINE, "write line %d: %s", i, strerror(errno));
		memcpy(o->want + o->len, l, LINE - 1);
		memcpy(o->want + o->len + LINE - 1, "\r\n", 2);
		o->len += LINE + 1;
	}
	pfd.fd = o->m;
	zt_check(poll(&pfd, 1, 2000) == 1, "the master has nothing to read");
	o->m2 = open_master(name, sizeof(name));
	c = zt_syscall(fork());
	if (!c) {
		int s2 = zt_syscall(open(name, O_RDWR | O_NOCTTY));

		zt_check(write(s2, "bye\n", 4) == 4, "write bye: %s", strerror(errno));
		_exit(0);
	}
	zt_reap(c, "the child writing bye");
}

/*
 * The first master reads every byte, each "\n" made "\r\n" once, in order, and nothing
 * more; a line written now comes through too; the second reads "bye\r\n", then EIO.
 */
static void output_check(struct output *o)
{
	static char got[LINES * (LINE + 1)];
	size_t n, i;
	char ch;

	n = drain(o->m, got, o->len, 2000);
	zt_check(n == o->len, "the master read %zu bytes of output, not %zu", n, o->len);
	for (i = 0; i < o->len; i++)
		zt_check(got[i] == o->want[i],
			 "the output differs at byte %zu (line %zu): %#x, not %#x", i,
			 i / (LINE + 1), (unsigned char)got[i], (unsigned char)o->want[i]);
	zt_check(write(o->s, "after\n", 6) == 6, "write after: %s", strerror(errno));
	n = drain(o->m, got, 7, 2000);
	zt_check(n == 7 && !memcmp(got, "after\r\n", 7),
		 "the master read %zu bytes after the restore", n);
	zt_check(drain(o->m, got, 1, 200) == 0, "the master has more to read");
	n = drain(o->m2, got, 5, 2000);
	zt_check(n == 5 && !memcmp(got, "bye\r\n", 5),
		 "the second master read %zu bytes, not bye", n);
	zt_check(read(o->m2, &ch, 1) < 0 && errno == EIO,
		 "the second master's read after its data did not end with EIO (%s)",
		 strerror(errno));
}

/* The input in flight: at a canonical pair (m, s) and at a raw one (rm, rs). */
struct input {
	int m, s, rm, rs;
	unsigned char raw[6000];
};

/*
 * What a user typed ahead at a canonical terminal with the default termios (echo, ICRNL,
 * ^D, ^V, ^C): a line ended by Return, one ended by ^D, one holding a ^C escaped by ^V,
 * one ended by '#' while it was VEOL (it is no longer), and one not ended yet; the
 * echoes are read. At a raw pair, more bytes than its line discipline holds (4095): the
 * rest waits in the slave's flip buffers.
 */
static void input_setup(struct input *in)
{
	static const char typed[] = "first line\r" "eof-line\x04" "a\x16\x03" "b\n";
	char name[64], echo[256];
	struct termios t;
	size_t i;

	in->m = open_master(name, sizeof(name));
	in->s = zt_syscall(open(name, O_RDWR | O_NOCTTY | O_NONBLOCK));
	zt_syscall(tcgetattr(in->s, &t));
	zt_check((t.c_lflag & (ICANON | ECHO | ECHOE | ISIG | IEXTEN)) ==
		 (ICANON | ECHO | ECHOE | ISIG | IEXTEN) && (t.c_iflag & ICRNL) &&
		 t.c_cc[VEOF] == 0x04 && t.c_cc[VLNEXT] == 0x16 && t.c_cc[VINTR] == 0x03 &&
		 t.c_cc[VERASE] == 0x7f, "the canonical input pty's termios is not the default");
	zt_check(write(in->m, typed, sizeof(typed) - 1) == sizeof(typed) - 1,
		 "write the typed input: %s", strerror(errno));
	zt_check(drain(in->m, echo, sizeof(echo), 500) > 0, "no echo of the typed input");
	t.c_cc[VEOL] = '#';
	zt_syscall(tcsetattr(in->s, TCSANOW, &t));
	zt_check(write(in->m, "hash#", 5) == 5, "write hash#: %s", strerror(errno));
	zt_check(drain(in->m, echo, sizeof(echo), 500) > 0, "no echo of hash#");
	t.c_cc[VEOL] = 0;
	zt_syscall(tcsetattr(in->s, TCSANOW, &t));
	zt_check(write(in->m, "partial", 7) == 7, "write partial: %s", strerror(errno));
	zt_check(drain(in->m, echo, sizeof(echo), 500) > 0, "no echo of the typed input");

	in->rm = open_master(name, sizeof(name));
	in->rs = zt_syscall(open(name, O_RDWR | O_NOCTTY | O_NONBLOCK));
	zt_syscall(tcgetattr(in->rs, &t));
	cfmakeraw(&t);
	zt_syscall(tcsetattr(in->rs, TCSANOW, &t));
	for (i = 0; i < sizeof(in->raw); i++)
		in->raw[i] = (unsigned char)(i * 7 % 251);
	zt_check(write(in->rm, in->raw, sizeof(in->raw)) == sizeof(in->raw),
		 "write the raw input: %s", strerror(errno));
}

/* One read() of the canonical slave gives @want, of @len bytes. */
static void read_line(int s, const char *want, size_t len)
{
	struct pollfd p = { .fd = s, .events = POLLIN };
	char got[64];
	ssize_t n;

	zt_check(poll(&p, 1, 2000) == 1, "the canonical slave has no line \"%.*s\"", (int)len,
		 want);
	n = read(s, got, sizeof(got));
	zt_check(n == (ssize_t)len && !memcmp(got, want, len),
		 "the canonical slave read %zd bytes \"%.*s\", not \"%.*s\"", n,
		 (int)(n > 0 ? n : 0), got, (int)len, want);
}

/*
 * The lines come one read() each, the ^D's line without it, the ^C as a byte; the line
 * not ended is not readable but is still being edited: an erase takes its last byte and
 * Return ends it; the only echoes are those of the new keys. The raw slave reads every
 * byte, in order.
 */
static void input_check(struct input *in)
{
	static unsigned char got[sizeof(in->raw) + 1];
	struct pollfd p = { .fd = in->s, .events = POLLIN };
	char echo[64];
	size_t n;

	zt_check(drain(in->m, echo, sizeof(echo), 200) == 0,
		 "the canonical master has output before any new input");
	read_line(in->s, "first line\n", 11);
	read_line(in->s, "eof-line", 8);
	read_line(in->s, "a\x03" "b\n", 4);
	read_line(in->s, "hash#", 5);
	zt_check(poll(&p, 1, 300) == 0, "the line not ended is readable");
	zt_check(write(in->m, "\x7f!\r", 3) == 3, "write erase: %s", strerror(errno));
	read_line(in->s, "partia!\n", 8);
	n = drain(in->m, echo, sizeof(echo), 500);
	zt_check(n == 6 && !memcmp(echo, "\b \b!\r\n", 6),
		 "the canonical master read %zu bytes of echo, not the erase's and \"!\"'s", n);

	n = drain(in->rs, (char *)got, sizeof(got), 2000);
	zt_check(n == sizeof(in->raw), "the raw slave read %zu bytes, not %zu", n,
		 sizeof(in->raw));
	for (n = 0; n < sizeof(in->raw); n++)
		zt_check(got[n] == in->raw[n], "the raw input differs at byte %zu: %#x, not %#x",
			 n, got[n], in->raw[n]);
}

int main(int argc, char **argv)
{
	char name0[64], name1[64], name2[64], again[64];
	struct termios t1, t2, now;
	struct winsize w1 = { .ws_row = 40, .ws_col = 100 };
	struct winsize w2 = { .ws_row = 50, .ws_col = 132, .ws_xpixel = 1056, .ws_ypixel = 800 };
	static struct output out;
	static struct input in;
	int m0, m1, m2, s2, m3, one = 1, ready[2];
	pid_t c;
	char ch;

	zt_init(argc, argv);
	m0 = open_master(name0, sizeof(name0));
	m1 = open_master(name1, sizeof(name1));
	m2 = open_master(name2, sizeof(name2));
	output_setup(&out);
	input_setup(&in);
	close(m0);

	zt_syscall(tcgetattr(m1, &t1));
	t1.c_lflag |= ICANON | ISIG;
	t1.c_lflag &= ~(ECHO | ECHOE | ECHOK | ECHOCTL);
	t1.c_cc[VINTR] = VINTR_CHAR;
	zt_syscall(tcgetattr(m2, &t2));
	cfmakeraw(&t2);
	cfsetspeed(&t2, B115200);
	zt_syscall(tcsetattr(m2, TCSANOW, &t2));
	zt_syscall(tcgetattr(m2, &t2));
	zt_syscall(ioctl(m2, TIOCSWINSZ, &w2));
	s2 = zt_syscall(open(name2, O_RDWR | O_NOCTTY));
	zt_syscall(ioctl(m2, TIOCSPTLCK, &one));

	zt_syscall(pipe(ready));
	c = zt_syscall(fork());
	if (!c) {
		close(ready[0]);
		child(name1, &t1, &w1, ready[1]);
	}
	close(ready[1]);
	zt_check(read(ready[0], &ch, 1) == 1, "read ready: %s", strerror(errno));
	zt_syscall(tcgetattr(m1, &t1));	/* as the kernel keeps it */
	zt_ready();
	zt_wait();

	zt_check(!ptsname_r(m1, again, sizeof(again)) && !strcmp(again, name1),
		 "the canonical pty is %s, was %s", again, name1);
	zt_check(!ptsname_r(m2, again, sizeof(again)) && !strcmp(again, name2),
		 "the raw pty is %s, was %s", again, name2);
	zt_syscall(tcgetattr(m1, &now));
	same_termios(&now, &t1, "the canonical pty");
	zt_check(now.c_cc[VINTR] == VINTR_CHAR, "VINTR is %#x", now.c_cc[VINTR]);
	zt_syscall(tcgetattr(s2, &now));
	same_termios(&now, &t2, "the raw pty");
	same_winsize(m1, &w1, "the canonical pty");
	same_winsize(s2, &w2, "the raw pty");
	zt_check(locked(m1) == 0, "the canonical pty is locked");
	zt_check(locked(m2) == 1, "the raw pty is not locked");

	zt_check(write(m2, "ping", 4) == 4, "write ping: %s", strerror(errno));
	read_until(s2, "ping", "the raw slave");
	zt_check(write(s2, "pong", 4) == 4, "write pong: %s", strerror(errno));
	read_until(m2, "pong", "the raw master");
	/* Last: a refused open leaves the slave failing its reads with EIO (TTY_IO_ERROR). */
	zt_check(open(name2, O_RDWR | O_NOCTTY) < 0 && errno == EIO,
		 "the locked slave %s opened", name2);

	zt_syscall(kill(c, SIGTERM));
	zt_check(write(m1, "hello\n", 6) == 6, "write hello: %s", strerror(errno));
	read_until(m1, "world", "the canonical master");
	ch = VINTR_CHAR;
	zt_check(write(m1, &ch, 1) == 1, "write ^G: %s", strerror(errno));
	zt_reap(c, "the child (its session and foreground group, then the grandchild's)");

	output_check(&out);
	input_check(&in);
	m3 = open_master(again, sizeof(again));
	zt_check(!strcmp(again, name0), "a new pty is %s, not %s in the gap", again, name0);
	close(m3);
	zt_pass();
}
