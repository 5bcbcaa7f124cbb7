//! Standard output behind a writer that never panics: every write failure is a value.

use std::fmt;
use std::io::{self, Write};

use crate::failure::Failure;

/// Where a command prints. `write!`/`writeln!` on it return `Result<(), Failure>`.
///
/// A closed pipe (the reader has gone, as with `sigma-auth demo | head -1`) silences the rest of
/// the output, and the command ends with the status it would have had; any other write error
/// (a full disk, `> /dev/full`) is returned as [`Failure::Output`].
pub struct Out {
    writer: Box<dyn Write>,
    closed: bool,
}

impl Out {
    /// The process's standard output.
    pub fn stdout() -> Out {
        Out::new(Box::new(io::stdout().lock()))
    }

    /// Output to any writer (tests use failing writers).
    pub fn new(writer: Box<dyn Write>) -> Out {
        Out {
            writer,
            closed: false,
        }
    }

    /// Writes formatted text; what `write!` and `writeln!` call.
    pub fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> Result<(), Failure> {
        if self.closed {
            return Ok(());
        }
        let result = self.writer.write_fmt(args);
        self.check(result)
    }

    /// Writes raw bytes (a decrypted plaintext), with the same handling of a closed pipe.
    pub fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        if self.closed {
            return Ok(());
        }
        let result = self.writer.write_all(bytes);
        self.check(result)
    }

    /// Flushes what is buffered, with the same handling of a closed pipe.
    pub fn flush(&mut self) -> Result<(), Failure> {
        if self.closed {
            return Ok(());
        }
        let result = self.writer.flush();
        self.check(result)
    }

    /// Whether the reader has gone (a write met a closed pipe).
    #[cfg(test)]
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    fn check(&mut self, result: io::Result<()>) -> Result<(), Failure> {
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(Failure::Output(e)),
        }
    }
}

/// Writes `sigma-auth: <message>` to standard error, ignoring a failure.
pub fn error_line(message: fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "sigma-auth: {message}");
}

/// Writes one line to standard error, ignoring a failure (there is nowhere left to report it).
pub fn warn(message: fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "sigma-auth: warning: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A writer that fails every write with `kind` after recording how many it was asked for.
    struct Failing {
        kind: io::ErrorKind,
        calls: Rc<RefCell<usize>>,
    }

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            *self.calls.borrow_mut() += 1;
            Err(io::Error::from(self.kind))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn failing(kind: io::ErrorKind) -> (Out, Rc<RefCell<usize>>) {
        let calls = Rc::new(RefCell::new(0));
        let out = Out::new(Box::new(Failing {
            kind,
            calls: calls.clone(),
        }));
        (out, calls)
    }

    #[test]
    fn a_closed_pipe_silences_the_rest_of_the_output() {
        let (mut out, calls) = failing(io::ErrorKind::BrokenPipe);
        assert!(writeln!(out, "first").is_ok());
        assert!(out.is_closed());
        assert!(writeln!(out, "second").is_ok());
        assert!(out.flush().is_ok());
        assert_eq!(
            *calls.borrow(),
            1,
            "no write is attempted after the pipe closed"
        );
    }

    #[test]
    fn any_other_write_error_is_returned() {
        let (mut out, _) = failing(io::ErrorKind::StorageFull);
        match writeln!(out, "line") {
            Err(Failure::Output(e)) => assert_eq!(e.kind(), io::ErrorKind::StorageFull),
            _ => panic!("expected an output failure"),
        }
        assert!(!out.is_closed());
    }
}
