//! What a container's command line does, read closely enough for the pod graph: the simple
//! commands of a `sh -c` script or an exec-form `command`/`args`, with where each word came from.
//!
//! This is not a shell. It splits words on blanks, honours quotes, `$(...)` and backticks, and
//! ends a simple command at `;`, `&&`, `||`, `|`, `&`, a newline or a bracket. That is enough to
//! see loops that wait for a host, commands that exit at once, flags that bind ports and
//! `localhost:<port>` addresses, and it never fails: odd input just yields fewer facts.

use crate::source::Span;
use crate::yaml::Node;

/// Images whose default command is an interactive shell or interpreter with no entrypoint: run
/// without a terminal they exit at once, and `args` alone replace their command.
const SHELL_IMAGES: &[&str] = &[
    "busybox",
    "alpine",
    "ubuntu",
    "debian",
    "centos",
    "fedora",
    "bash",
    "rockylinux",
    "almalinux",
    "amazonlinux",
    "oraclelinux",
    "archlinux",
    "photon",
    "python",
    "node",
    "ruby",
    "golang",
    "perl",
];

/// Programs that do their work and return at once.
const SHORT_LIVED: &[&str] = &[
    "echo", "printf", "true", "false", "date", "ls", "env", "printenv", "hostname", "id", "whoami",
    "uname", "pwd", "mkdir", "touch", "cp", "mv", "rm", "ln", "chmod", "chown", "test", "[", "[[",
    "export", "set", "cd", "wc", "head", "exit", "df", "du", "uptime", "cal", "nproc", "free",
    "which", "type", "basename", "dirname", "seq", "expr", "sync",
];

const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// Where a word sits: the `command` or `args` item and the byte offset in that item's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    pub field: &'static str,
    pub item: usize,
    pub offset: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word with quotes removed.
    pub text: String,
    pub origin: Origin,
}

/// A container's command line, split into simple commands.
#[derive(Debug, Default)]
pub struct CommandLine<'n> {
    /// Items of `command` then `args`, with the field each came from.
    pub items: Vec<(&'static str, usize, &'n Node)>,
    pub commands: Vec<Vec<Word>>,
    /// The script has an `until`, `while` or `for` loop.
    pub has_loop: bool,
    /// `command` or `args` is set.
    pub explicit: bool,
    /// What runs is known: `command` is set, or the image has no entrypoint (a shell image).
    pub known_program: bool,
}

/// The name of an image without registry, tag or digest: `docker.io/library/busybox:1.28` → `busybox`.
pub fn image_base(image: &str) -> &str {
    let without_digest = image.split('@').next().unwrap_or(image);
    let last = without_digest.rsplit('/').next().unwrap_or(without_digest);
    last.split(':').next().unwrap_or(last)
}

/// The image's repository path without registry host, tag or digest (`kodekloud/filebeat-configured`).
pub fn image_repository(image: &str) -> &str {
    let without_digest = image.split('@').next().unwrap_or(image);
    let (path, _) = match without_digest.rfind(':') {
        Some(colon) if !without_digest[colon..].contains('/') => without_digest.split_at(colon),
        _ => (without_digest, ""),
    };
    match path.split_once('/') {
        Some((host, rest)) if host.contains('.') || host.contains(':') || host == "localhost" => {
            rest
        }
        _ => path,
    }
}

pub fn is_shell_image(image: &str) -> bool {
    SHELL_IMAGES.contains(&image_base(image))
}

fn program_name(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

impl<'n> CommandLine<'n> {
    /// Reads `command` and `args` of a container.
    pub fn of(container: &'n Node) -> CommandLine<'n> {
        let mut line = CommandLine::default();
        for field in ["command", "args"] {
            for (i, item) in container.seq_of(field).iter().enumerate() {
                line.items.push((field, i, item));
            }
        }
        let has_command = !container.seq_of("command").is_empty();
        line.explicit = !line.items.is_empty();
        line.known_program =
            has_command || is_shell_image(container.str_of("image")) && line.explicit;
        if !line.known_program {
            // Args of an unknown entrypoint: keep them as one command of flags.
            let words = line
                .items
                .iter()
                .map(|(f, i, n)| exec_word(f, *i, n))
                .collect();
            line.commands.push(words);
            return line;
        }
        let argv: Vec<Word> = line
            .items
            .iter()
            .map(|(f, i, n)| exec_word(f, *i, n))
            .collect();
        let is_shell = argv
            .first()
            .is_some_and(|w| SHELLS.contains(&program_name(&w.text)));
        let script_flag = argv.iter().skip(1).position(|w| {
            w.text.starts_with('-') && !w.text.starts_with("--") && w.text.contains('c')
        });
        if let (true, Some(flag)) = (is_shell, script_flag) {
            if let Some((field, item, node)) = line.items.get(flag + 2).copied() {
                let script = node.as_str().unwrap_or("");
                line.split_script(script, field, item);
                return line;
            }
        }
        line.commands.push(argv);
        line
    }

    /// Every word, in order.
    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.commands.iter().flatten()
    }

    /// The simple commands with their program name (after `exec`, `timeout N`, assignments).
    pub fn programs(&self) -> impl Iterator<Item = (&str, &[Word])> {
        self.commands.iter().filter_map(|words| {
            let mut rest: &[Word] = words;
            loop {
                let first = rest.first()?;
                let text = first.text.as_str();
                let assignment =
                    text.contains('=') && !text.starts_with('-') && !text.starts_with('=');
                if assignment || matches!(text, "exec" | "command" | "nohup" | "!" | "time") {
                    rest = &rest[1..];
                } else if text == "timeout" {
                    // timeout [flags] DURATION COMMAND...
                    let skip = rest[1..]
                        .iter()
                        .position(|w| !w.text.starts_with('-'))
                        .map_or(rest.len(), |p| p + 2);
                    rest = rest.get(skip..)?;
                } else {
                    return Some((program_name(text), rest));
                }
            }
        })
    }

    /// The span of the text a word came from: exact for plain or simply quoted one-line
    /// scalars, else the whole item.
    pub fn span_of(&self, origin: Origin, len: usize) -> Span {
        self.items
            .iter()
            .find(|(f, i, _)| *f == origin.field && *i == origin.item)
            .map_or(Span::EMPTY, |(_, _, node)| {
                sub_span(node, origin.offset, len)
            })
    }

    /// The path of the item a word came from, relative to the container (`command[2]`).
    pub fn item_path(origin: Origin) -> String {
        format!("{}[{}]", origin.field, origin.item)
    }

    fn split_script(&mut self, script: &str, field: &'static str, item: usize) {
        let mut current: Vec<Word> = Vec::new();
        let mut word = String::new();
        let mut start: Option<usize> = None;
        let mut quote: Option<char> = None;
        let mut depth = 0usize; // inside $( ... ) or `...`
        let mut chars = script.char_indices().peekable();
        let flush_word = |word: &mut String, start: &mut Option<usize>, current: &mut Vec<Word>| {
            if let Some(offset) = start.take() {
                current.push(Word {
                    text: std::mem::take(word),
                    origin: Origin {
                        field,
                        item,
                        offset,
                    },
                });
            }
        };
        while let Some((at, c)) = chars.next() {
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                } else if c == '\\' && q == '"' {
                    if let Some((_, next)) = chars.next() {
                        word.push(next);
                    }
                } else {
                    word.push(c);
                }
                continue;
            }
            if depth > 0 {
                word.push(c);
                if c == '(' {
                    depth += 1;
                } else if c == ')' || c == '`' {
                    depth -= 1;
                }
                continue;
            }
            match c {
                '\'' | '"' => {
                    start.get_or_insert(at);
                    quote = Some(c);
                }
                '\\' => {
                    start.get_or_insert(at);
                    if let Some((_, next)) = chars.next() {
                        if next != '\n' {
                            word.push(next);
                        }
                    }
                }
                '$' if chars.peek().is_some_and(|(_, n)| *n == '(') => {
                    start.get_or_insert(at);
                    word.push('$');
                    word.push('(');
                    chars.next();
                    depth = 1;
                }
                '`' => {
                    start.get_or_insert(at);
                    word.push('`');
                    depth = 1;
                }
                ' ' | '\t' | '\r' => flush_word(&mut word, &mut start, &mut current),
                '\n' | ';' | '&' | '|' | '(' | ')' | '{' | '}' if start.is_none() || c != '{' => {
                    flush_word(&mut word, &mut start, &mut current);
                    self.end_command(&mut current);
                }
                '#' if start.is_none() => {
                    // A comment runs to the end of the line.
                    for (_, n) in chars.by_ref() {
                        if n == '\n' {
                            break;
                        }
                    }
                    self.end_command(&mut current);
                }
                _ => {
                    start.get_or_insert(at);
                    word.push(c);
                }
            }
        }
        flush_word(&mut word, &mut start, &mut current);
        self.end_command(&mut current);
    }

    fn end_command(&mut self, current: &mut Vec<Word>) {
        // Keywords open or close compound commands; what follows them is a simple command.
        let mut words = std::mem::take(current);
        while let Some(first) = words.first() {
            match first.text.as_str() {
                "until" | "while" | "for" => {
                    self.has_loop = true;
                    words.remove(0);
                    if self.commands.is_empty() && words.is_empty() {
                        break;
                    }
                }
                "do" | "done" | "then" | "else" | "elif" | "fi" | "if" | "esac" => {
                    words.remove(0);
                }
                _ => break,
            }
        }
        // Redirections are not arguments.
        let mut kept = Vec::with_capacity(words.len());
        let mut skip_next = false;
        for w in words {
            if skip_next {
                skip_next = false;
                continue;
            }
            let t = w.text.trim_start_matches(|c: char| c.is_ascii_digit());
            if t.starts_with('>') || t.starts_with('<') {
                if t.trim_start_matches(['>', '<', '&']).is_empty() {
                    skip_next = true;
                }
                continue;
            }
            kept.push(w);
        }
        if !kept.is_empty() {
            self.commands.push(kept);
        }
    }
}

fn exec_word(field: &'static str, item: usize, node: &Node) -> Word {
    Word {
        text: node
            .as_str()
            .map_or_else(|| node.number_text().unwrap_or_default(), str::to_string),
        origin: Origin {
            field,
            item,
            offset: 0,
        },
    }
}

/// The span of `len` bytes at `offset` in a string scalar's value, when the source text maps
/// one to one (a plain scalar, or one quoted without escapes on one line); else the scalar.
pub fn sub_span(node: &Node, offset: usize, len: usize) -> Span {
    let Some(value) = node.as_str() else {
        return node.span;
    };
    let source_len = node.span.end() - node.span.start();
    let quoted = if source_len == value.len() {
        0
    } else if source_len == value.len() + 2 {
        1
    } else {
        return node.span;
    };
    if value.contains('\n') || offset + len > value.len() {
        return node.span;
    }
    let start = node.span.start() + quoted + offset;
    Span::new(start, start + len)
}

/// How long a container's process lives, as far as the command line tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lifetime {
    /// It returns at once: `why` explains, `span` points at the cause.
    ExitsAtOnce {
        why: String,
        span: Span,
        path: String,
    },
    /// It keeps running (a server, `sleep`, `tail -f`, a loop).
    LongRunning,
    Unknown,
}

/// Decides whether a container's main process exits at once.
pub fn lifetime(container: &Node, line: &CommandLine) -> Lifetime {
    let image = container.str_of("image");
    if container.bool_of("stdin") == Some(true) {
        // A shell with an open stdin waits for input.
        return Lifetime::Unknown;
    }
    if !line.explicit {
        if is_shell_image(image) {
            let base = image_base(image);
            return Lifetime::ExitsAtOnce {
                why: format!(
                    "the default command of {base} is a shell or interpreter, which exits at once without a terminal"
                ),
                span: container.at("image"),
                path: "image".into(),
            };
        }
        return Lifetime::Unknown;
    }
    if !line.known_program {
        return Lifetime::Unknown;
    }
    if line.has_loop {
        return Lifetime::LongRunning;
    }
    let mut all_short = true;
    let mut any = false;
    for (program, words) in line.programs() {
        any = true;
        let follows = words.iter().any(|w| w.text == "-f" || w.text == "-F");
        match program {
            "sleep" | "wait" | "httpd" | "nginx" | "redis-server" | "sshd" | "crond" => {
                return Lifetime::LongRunning;
            }
            "tail" if follows => return Lifetime::LongRunning,
            "cat" if words.len() == 1 => return Lifetime::Unknown,
            "cat" => {}
            p if SHELLS.contains(&p) && words.len() == 1 => {}
            p if SHORT_LIVED.contains(&p) => {}
            _ => all_short = false,
        }
    }
    if any && all_short {
        let (field, node) = if container.seq_of("command").is_empty() {
            ("args", container.get("args"))
        } else {
            ("command", container.get("command"))
        };
        return Lifetime::ExitsAtOnce {
            why: "its command only runs short commands and returns".into(),
            span: node.map_or_else(|| container.head(), |n| n.span),
            path: field.into(),
        };
    }
    Lifetime::Unknown
}

/// Programs that read files without changing them (plus the glue around them).
const READERS: &[&str] = &["tail", "cat", "grep", "head", "less", "more", "wc"];
const GLUE: &[&str] = &["sleep", "echo", "printf", "true", "test", "[", "ls", "date"];

/// The command only reads files: `tail -F /var/log/app.log`, `cat /config/app.conf; sleep 3600`
/// (no output redirection, nothing but readers and glue). Its read-write mounts are reads.
pub fn only_reads(line: &CommandLine) -> bool {
    if !line.known_program
        || line
            .items
            .iter()
            .any(|(_, _, n)| n.as_str().is_some_and(|t| t.contains('>')))
    {
        return false;
    }
    let mut reads = false;
    for (program, _) in line.programs() {
        if READERS.contains(&program) {
            reads = true;
        } else if !GLUE.contains(&program) && !SHELLS.contains(&program) {
            return false;
        }
    }
    reads
}

/// A host (and maybe port) that a command line waits for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wait {
    pub tool: String,
    pub host: String,
    pub port: Option<u16>,
    pub origin: Origin,
}

/// Tools that block until a host answers.
const WAIT_TOOLS: &[&str] = &["wait-for-it", "wait-for-it.sh", "wait-for", "dockerize"];

/// The hosts a command line waits for: a loop around a probe (`until nslookup db; do ...`,
/// `while ! nc -z db 5432`, `until pg_isready -h db`), or a tool made for waiting.
pub fn waits(line: &CommandLine) -> Vec<Wait> {
    let mut out = Vec::new();
    for (program, words) in line.programs() {
        let args = &words[1..];
        let dedicated = WAIT_TOOLS.contains(&program);
        if !line.has_loop && !dedicated {
            continue;
        }
        let found: Option<(&Word, String, Option<u16>)> = match program {
            "nslookup" | "host" | "dig" | "ping" => {
                first_operand(args, &["-w", "-W", "-c"]).map(|w| (w, w.text.clone(), None))
            }
            "getent" => args
                .iter()
                .filter(|w| !w.text.starts_with('-'))
                .nth(1)
                .map(|w| (w, w.text.clone(), None)),
            // A listening nc is a server, not a wait.
            "nc" | "ncat" | "netcat"
                if args.iter().any(|w| {
                    w.text == "--listen"
                        || (w.text.starts_with('-')
                            && !w.text.starts_with("--")
                            && w.text.contains('l'))
                }) =>
            {
                None
            }
            "nc" | "ncat" | "netcat" | "telnet" => {
                let operands = operands(args, &["-w", "-i", "-q", "-s", "-p", "-c", "-e"]);
                operands.first().map(|w| {
                    (
                        *w,
                        w.text.clone(),
                        operands.get(1).and_then(|p| port(&p.text)),
                    )
                })
            }
            "wget" | "curl" => args
                .iter()
                .filter(|w| !w.text.starts_with('-'))
                .find_map(|w| url_host(&w.text).map(|(h, p)| (w, h, p))),
            "pg_isready" | "mysqladmin" | "mysql" | "redis-cli" | "mongosh" | "mongo" => {
                flag_value(args, &["-h", "--host"]).map(|w| {
                    let flag = if program == "pg_isready" || program == "redis-cli" {
                        "-p"
                    } else {
                        "-P"
                    };
                    let default = match program {
                        "pg_isready" => 5432,
                        "redis-cli" => 6379,
                        "mongosh" | "mongo" => 27017,
                        _ => 3306,
                    };
                    let p = flag_value(args, &[flag, "--port"])
                        .and_then(|p| port(&p.text))
                        .or(Some(default));
                    (w, w.text.clone(), p)
                })
            }
            "wait-for-it" | "wait-for-it.sh" | "wait-for" => args
                .iter()
                .filter(|w| !w.text.starts_with('-'))
                .find_map(|w| host_port(&w.text).map(|(h, p)| (w, h, p)))
                .or_else(|| {
                    flag_value(args, &["-h", "--host"]).map(|w| {
                        let p = flag_value(args, &["-p", "--port"]).and_then(|p| port(&p.text));
                        (w, w.text.clone(), p)
                    })
                }),
            "dockerize" => flag_value(args, &["-wait", "--wait"])
                .and_then(|w| url_host(&w.text).map(|(h, p)| (w, h, p))),
            _ => None,
        };
        if let Some((word, host, port)) = found {
            if let Some(host) = clean_host(&host) {
                let offset = word.text.find(&host).unwrap_or(0);
                out.push(Wait {
                    tool: program.to_string(),
                    host,
                    port,
                    origin: Origin {
                        offset: word.origin.offset + offset,
                        ..word.origin
                    },
                });
            }
        }
    }
    // Bash's /dev/tcp/HOST/PORT in a loop.
    if line.has_loop {
        for w in line.words() {
            if let Some(at) = w.text.find("/dev/tcp/") {
                let rest = &w.text[at + 9..];
                let mut parts = rest.splitn(2, '/');
                let host = parts.next().unwrap_or("");
                let port = parts.next().and_then(port);
                if let Some(host) = clean_host(host) {
                    out.push(Wait {
                        tool: "/dev/tcp".into(),
                        host,
                        port,
                        origin: Origin {
                            offset: w.origin.offset + at + 9,
                            ..w.origin
                        },
                    });
                }
            }
        }
    }
    out.dedup_by(|a, b| a.host == b.host && a.port == b.port);
    out
}

fn operands<'w>(args: &'w [Word], with_value: &[&str]) -> Vec<&'w Word> {
    let mut out = Vec::new();
    let mut skip = false;
    for w in args {
        if skip {
            skip = false;
        } else if w.text.starts_with('-') {
            skip = with_value.contains(&w.text.as_str());
        } else {
            out.push(w);
        }
    }
    out
}

fn first_operand<'w>(args: &'w [Word], with_value: &[&str]) -> Option<&'w Word> {
    operands(args, with_value).into_iter().next()
}

fn flag_value<'w>(args: &'w [Word], flags: &[&str]) -> Option<&'w Word> {
    args.iter().enumerate().find_map(|(i, w)| {
        if flags.contains(&w.text.as_str()) {
            args.get(i + 1)
        } else {
            None
        }
    })
}

fn port(text: &str) -> Option<u16> {
    text.trim().parse().ok().filter(|p| *p > 0)
}

/// `host:port` (no scheme).
fn host_port(text: &str) -> Option<(String, Option<u16>)> {
    let (host, p) = text.rsplit_once(':')?;
    if host.is_empty() || host.contains('/') {
        return None;
    }
    Some((host.to_string(), port(p)))
}

/// URL schemes whose authority is a network host (`jdbc:postgresql://` counts by its last part).
/// Others name something else there: `kubernetes://apis/...`, `s3://bucket`, `file://`, `gs://`.
const NETWORK_SCHEMES: &[&str] = &[
    "http",
    "https",
    "ws",
    "wss",
    "grpc",
    "grpcs",
    "h2c",
    "tcp",
    "udp",
    "tls",
    "ssl",
    "redis",
    "rediss",
    "postgres",
    "postgresql",
    "mysql",
    "mariadb",
    "mongodb",
    "mongodb+srv",
    "amqp",
    "amqps",
    "nats",
    "kafka",
    "memcached",
    "mqtt",
    "mqtts",
    "ldap",
    "ldaps",
    "ftp",
    "sftp",
    "smtp",
    "smtps",
    "ssh",
    "zk",
    "etcd",
    "cassandra",
    "clickhouse",
    "elasticsearch",
    "sqlserver",
    "oracle",
];

/// The host and port of a URL (`http://db:5432/x`, `tcp://db:5432`) or of `host:port/path`.
pub fn url_host(text: &str) -> Option<(String, Option<u16>)> {
    let rest = match text.find("://") {
        Some(at) => {
            let scheme = text[..at].rsplit(':').next().unwrap_or_default();
            if !NETWORK_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
                return None;
            }
            &text[at + 3..]
        }
        None if text.contains(':') || text.contains('/') => text,
        None => return None,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    if let Some(bracketed) = authority.strip_prefix('[') {
        let (host, after) = bracketed.split_once(']')?;
        return Some((host.to_string(), after.strip_prefix(':').and_then(port)));
    }
    match authority.rsplit_once(':') {
        Some((host, p)) => Some((host.to_string(), port(p))),
        None if text.contains("://") => Some((authority.to_string(), None)),
        None => None,
    }
}

/// A host name worth a node: no shell variables, no flags, not empty. A `$(...)` namespace
/// suffix (`db.$(cat .../namespace).svc`) is dropped.
fn clean_host(host: &str) -> Option<String> {
    let host = host.trim_matches(|c| c == '"' || c == '\'');
    let host = match host.find(".$(") {
        Some(at) => &host[..at],
        None => host,
    };
    if host.is_empty()
        || host.starts_with('-')
        || host.chars().all(|c| c.is_ascii_digit())
        || host.contains(['$', '`', '{', '}', ' ', '*'])
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
    {
        return None;
    }
    Some(host.to_string())
}

/// Ports that flags and environment variables tell a process to listen on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bind {
    pub port: u16,
    /// The flag or variable, e.g. `--port` or `PORT`.
    pub via: String,
    pub origin: Origin,
}

/// Flags whose value is a port or an address the process listens on.
const LISTEN_FLAGS: &[&str] = &[
    "port",
    "http-port",
    "https-port",
    "listen-port",
    "metrics-port",
    "health-port",
    "healthz-port",
    "admin-port",
    "grpc-port",
    "secure-port",
    "web-port",
    "status-port",
    "listen",
    "listen-address",
    "listen-addr",
    "bind",
    "bind-address",
    "bind-addr",
    "http-address",
    "http-addr",
    "https-address",
    "metrics-address",
    "metrics-addr",
    "metrics-bind-address",
    "metrics-bind-addr",
    "health-probe-bind-address",
    "health-addr",
    "web.listen-address",
    "telemetry.address",
    "http.addr",
];

/// The ports a command line binds through flags (`--port=8080`, `--listen :9090`,
/// `--web.listen-address=0.0.0.0:9090`).
pub fn binds(line: &CommandLine) -> Vec<Bind> {
    let mut out = Vec::new();
    for words in &line.commands {
        for (i, w) in words.iter().enumerate() {
            let Some(flag) = w.text.strip_prefix("--").or_else(|| {
                w.text
                    .strip_prefix('-')
                    .filter(|f| f.len() > 1 && !f.starts_with('-'))
            }) else {
                continue;
            };
            let (name, value, value_word, value_offset) = match flag.split_once('=') {
                Some((n, v)) => (n, v, w, w.text.len() - v.len()),
                None => match words.get(i + 1) {
                    Some(next) if !next.text.starts_with('-') => {
                        (flag, next.text.as_str(), next, 0)
                    }
                    _ => continue,
                },
            };
            if !LISTEN_FLAGS.contains(&name.to_ascii_lowercase().as_str()) {
                continue;
            }
            let number = value.rsplit(':').next().and_then(port);
            let is_address = value.contains(':') || value.chars().all(|c| c.is_ascii_digit());
            if let (Some(number), true) = (number, is_address) {
                let digits = value.len() - value.rsplit(':').next().unwrap_or("").len();
                out.push(Bind {
                    port: number,
                    via: format!("--{name}"),
                    origin: Origin {
                        offset: value_word.origin.offset + value_offset + digits,
                        ..value_word.origin
                    },
                });
            }
        }
    }
    out
}

/// `localhost:<port>` or `127.0.0.1:<port>` addresses in a text, with their byte offsets.
pub fn local_addresses(text: &str) -> Vec<(usize, usize, u16)> {
    let mut out = Vec::new();
    // Most words have no address at all.
    if !text.contains(':') {
        return out;
    }
    for host in ["localhost:", "127.0.0.1:", "[::1]:", "0.0.0.0:"] {
        let mut from = 0;
        while let Some(at) = text[from..].find(host) {
            let start = from + at;
            let digits_start = start + host.len();
            let digits: String = text[digits_start..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let before_ok = start == 0
                || !text.as_bytes()[start - 1].is_ascii_alphanumeric()
                    && text.as_bytes()[start - 1] != b'.';
            if let (Some(p), true) = (port(&digits), before_ok) {
                out.push((start, digits_start + digits.len(), p));
            }
            from = digits_start;
        }
    }
    super::model::sort_small(&mut out, |a, b| a < b);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Value, parse_document};

    fn container(yaml: &str) -> Node {
        let parsed = parse_document(yaml, Span::new(0, yaml.len()));
        parsed.root.expect("yaml")
    }

    #[test]
    fn image_names() {
        assert_eq!(image_base("docker.io/library/busybox:1.28"), "busybox");
        assert_eq!(image_base("busybox@sha256:abc"), "busybox");
        assert_eq!(image_base("localhost:5000/alpine"), "alpine");
        assert_eq!(
            image_repository("docker.io/kodekloud/filebeat-configured:1"),
            "kodekloud/filebeat-configured"
        );
        assert_eq!(image_repository("localhost:5000/x/y:2"), "x/y");
        assert_eq!(image_repository("nginx"), "nginx");
    }

    #[test]
    fn waits_for_hosts_in_loops() {
        let c = container(
            "image: busybox:1.28\ncommand: ['sh', '-c', 'until nslookup myservice; do echo waiting for myservice; sleep 2; done;']\n",
        );
        let line = CommandLine::of(&c);
        let w = waits(&line);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].host, "myservice");
        assert_eq!(w[0].tool, "nslookup");
        let span = line.span_of(w[0].origin, w[0].host.len());
        let yaml = "image: busybox:1.28\ncommand: ['sh', '-c', 'until nslookup myservice; do echo waiting for myservice; sleep 2; done;']\n";
        assert_eq!(&yaml[span.start()..span.end()], "myservice");

        let c = container(
            "image: busybox\ncommand: [sh, -c]\nargs: ['while ! nc -z -w 1 db.prod.svc.cluster.local 5432; do sleep 1; done']\n",
        );
        let w = waits(&CommandLine::of(&c));
        assert_eq!(w[0].host, "db.prod.svc.cluster.local");
        assert_eq!(w[0].port, Some(5432));

        let c = container(
            "image: busybox\ncommand: [sh, -c, 'until wget -q --spider http://api:8080/healthz; do sleep 1; done']\n",
        );
        let w = waits(&CommandLine::of(&c));
        assert_eq!((w[0].host.as_str(), w[0].port), ("api", Some(8080)));

        let c = container(
            "image: postgres\ncommand: [sh, -c, 'until pg_isready -h postgres -p 5432; do sleep 1; done']\n",
        );
        assert_eq!(waits(&CommandLine::of(&c))[0].host, "postgres");

        let c = container(
            "image: busybox\ncommand: [sh, -c, \"until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do sleep 2; done\"]\n",
        );
        assert_eq!(waits(&CommandLine::of(&c))[0].host, "myservice");

        // A single lookup is not a wait.
        let c = container("image: busybox\ncommand: [nslookup, db]\n");
        assert!(waits(&CommandLine::of(&c)).is_empty());
        // A listening ncat serves; it does not wait.
        let c = container(
            "image: x\ncommand: [bash, -c, 'until mysql -h 127.0.0.1 -e \"SELECT 1\"; do sleep 1; done; exec ncat --listen --keep-open 3307 -c x']\n",
        );
        let w = waits(&CommandLine::of(&c));
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].host.as_str(), w[0].port), ("127.0.0.1", Some(3306)));
    }

    #[test]
    fn lifetimes() {
        let exits = |y: &str| {
            matches!(
                lifetime(&container(y), &CommandLine::of(&container(y))),
                Lifetime::ExitsAtOnce { .. }
            )
        };
        assert!(exits("image: busybox\nname: lemon\n"));
        assert!(exits("image: alpine:3\ncommand: [echo, hello]\n"));
        assert!(exits(
            "image: busybox\ncommand: [sh, -c, 'echo The app is running!']\n"
        ));
        assert!(exits("image: ubuntu\nargs: [date]\n"));
        assert!(!exits("image: busybox\ncommand: [sleep, '1000']\n"));
        assert!(!exits(
            "image: busybox\ncommand: [sh, -c, 'echo hi && sleep 3600']\n"
        ));
        assert!(!exits("image: busybox\nstdin: true\n"));
        assert!(!exits("image: redis\n"));
        assert!(!exits(
            "image: busybox\ncommand: [sh, -c, 'while true; do date; done']\n"
        ));
        assert!(!exits("image: busybox\nargs: [tail, -f, /dev/null]\n"));
    }

    #[test]
    fn readers() {
        let reads = |y: &str| only_reads(&CommandLine::of(&container(y)));
        assert!(reads(
            "image: busybox\ncommand: [sh, -c, 'tail -F /opt/logs.txt']\n"
        ));
        assert!(reads(
            "image: busybox\ncommand: [sh, -c, 'cat /config/app.conf; while true; do sleep 3600; done']\n"
        ));
        assert!(!reads(
            "image: busybox\ncommand: [sh, -c, 'echo hi > /config/app.conf; tail -f /x']\n"
        ));
        assert!(!reads("image: busybox\n"));
        assert!(!reads("image: nginx\nargs: [tail]\n"));
    }

    #[test]
    fn binds_and_local_addresses() {
        let c = container(
            "image: x\nargs: ['--port=8080', '--metrics-bind-address', ':9090', '--upstream=http://127.0.0.1:3000/', '-v', '2']\n",
        );
        let line = CommandLine::of(&c);
        let b = binds(&line);
        assert_eq!(
            b.iter().map(|b| b.port).collect::<Vec<_>>(),
            vec![8080, 9090]
        );
        assert_eq!(
            local_addresses("--upstream=http://127.0.0.1:3000/"),
            vec![(18, 32, 3000)]
        );
        assert!(local_addresses("notlocalhost:80").is_empty());
        assert!(matches!(c.value, Value::Map(_)));
    }

    #[test]
    fn urls() {
        assert_eq!(
            url_host("postgres://u:p@db:5432/x"),
            Some(("db".into(), Some(5432)))
        );
        assert_eq!(url_host("http://api/"), Some(("api".into(), None)));
        assert_eq!(
            url_host("jdbc:postgresql://db:5432/x"),
            Some(("db".into(), Some(5432)))
        );
        // Not network hosts: the authority of these schemes names something else.
        assert_eq!(url_host("kubernetes://apis/apps/v1/deployments"), None);
        assert_eq!(url_host("s3://my-bucket/key"), None);
        assert_eq!(url_host("file:///etc/config"), None);
        assert_eq!(url_host("plain"), None);
    }
}
