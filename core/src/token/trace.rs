//! [`Trace`]: what [`Verifier::trace`] found at each stage of verification, for tools that
//! explain a token (`sigma-auth token inspect`). It runs the verifier's own stage functions and
//! goes on past a failed stage where the later stages still mean something; the verdict is
//! [`Verifier::verify`]'s own.

use alloc::vec::Vec;

use super::verify::{
    Claimed, check_audience, check_brc77, check_bsm, check_path, check_signer_binding,
    message_parts,
};
use super::{Request, Scheme, TokenParts, Verified, Verifier, parse};
use crate::bsm::CompactSignature;
use crate::ec::Active;
use crate::error::VerifyError;
use crate::keys::PublicKey;
use crate::signed_message::Envelope;
use crate::time::Timestamp;

/// A stage of verification, in the order the verifier runs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Stage {
    /// Five `|`-separated fields and a known scheme.
    Structure,
    /// The pubkey field is an accepted public key.
    Pubkey,
    /// The timestamp field is an accepted timestamp.
    Timestamp,
    /// The token's path equals the request's (needs a request).
    Path,
    /// The timestamp lies in the window around `now`.
    Window,
    /// The request body is valid for its encoding (needs a request).
    Body,
    /// The signature field decodes (base64, then a compact signature or a BRC-77 envelope).
    SignatureEncoding,
    /// brc77: the envelope is verifiable by anyone.
    Audience,
    /// brc77: the envelope's signer is the token's pubkey.
    SignerBinding,
    /// The signature verifies over `path|timestamp|bodyHash` (needs a request).
    Signature,
}

impl Stage {
    /// A short snake_case name, e.g. `"signer_binding"`.
    pub const fn name(self) -> &'static str {
        match self {
            Stage::Structure => "structure",
            Stage::Pubkey => "pubkey",
            Stage::Timestamp => "timestamp",
            Stage::Path => "path",
            Stage::Window => "window",
            Stage::Body => "body",
            Stage::SignatureEncoding => "signature_encoding",
            Stage::Audience => "audience",
            Stage::SignerBinding => "signer_binding",
            Stage::Signature => "signature",
        }
    }
}

/// One stage and its outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The stage.
    pub stage: Stage,
    /// `Ok` if it passed, else the refusal it would cause.
    pub outcome: Result<(), VerifyError>,
}

/// The decoded signature field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureDetail {
    /// A Bitcoin Signed Message compact signature.
    Bsm(CompactSignature),
    /// A BRC-77 envelope.
    Brc77(Envelope),
}

/// What [`Verifier::trace`] found.
#[derive(Clone, Debug)]
pub struct Trace<'t> {
    /// The five fields, if the token has them.
    pub parts: Option<TokenParts<'t>>,
    /// The claimed public key, if the field is one.
    pub pubkey: Option<PublicKey>,
    /// The signed timestamp, if the field is one.
    pub timestamp: Option<Timestamp>,
    /// The decoded signature, if it decodes.
    pub signature: Option<SignatureDetail>,
    /// Every stage that could be run, in order.
    pub steps: Vec<Step>,
    /// [`Verifier::verify`]'s answer, when a request was given.
    pub verdict: Option<Result<Verified, VerifyError>>,
}

impl Trace<'_> {
    /// Whether every stage that ran passed.
    pub fn all_passed(&self) -> bool {
        self.steps.iter().all(|s| s.outcome.is_ok())
    }
}

impl Verifier {
    /// Runs each stage of verification on `token` and records its outcome, going on past a
    /// failure where later stages still mean something. Without a `request`, the stages that
    /// need one (path, body, signature) are not run and there is no verdict.
    pub fn trace<'t>(
        &self,
        token: &'t str,
        request: Option<&Request<'_>>,
        now: Timestamp,
    ) -> Trace<'t> {
        let mut trace = Trace {
            parts: None,
            pubkey: None,
            timestamp: None,
            signature: None,
            steps: Vec::new(),
            verdict: request.map(|r| self.verify(token, r, now)),
        };
        let mut steps = Vec::new();
        let mut record = |stage, outcome: Result<(), VerifyError>| {
            steps.push(Step { stage, outcome });
            outcome.is_ok()
        };
        let parts = match parse(token) {
            Ok(p) => p,
            Err(e) => {
                record(Stage::Structure, Err(e));
                trace.steps = steps;
                return trace;
            }
        };
        record(Stage::Structure, Ok(()));

        let claimed = self.read_pubkey::<Active>(parts.pubkey);
        let key = claimed
            .as_ref()
            .map_err(|e| *e)
            .and_then(Claimed::to_key::<Active>);
        record(Stage::Pubkey, key.map(|_| ()));
        let ts = self.read_timestamp(parts.timestamp);
        record(Stage::Timestamp, ts.map(|_| ()));
        if let Some(r) = request {
            record(Stage::Path, check_path(&parts, r));
        }
        if let Ok(ts) = ts {
            record(Stage::Window, self.check_window(ts, now));
        }
        let hash_hex = request.map(|r| {
            let hash = self.body_hash_hex(r);
            record(Stage::Body, hash.as_ref().map(|_| ()).map_err(|e| *e));
            hash
        });

        // The signature stage needs the body's hash and a claimed key that is a point.
        let message = match &hash_hex {
            Some(Ok(hex)) if key.is_ok() => Some(message_parts(&parts, hex)),
            _ => None,
        };
        let raw = match self.decode_signature(parts.signature) {
            Ok(raw) => raw,
            Err(e) => {
                record(Stage::SignatureEncoding, Err(e));
                trace.steps = steps;
                return finish(trace, parts, key.ok(), ts.ok());
            }
        };
        let mut signature = None;
        match parts.scheme {
            Scheme::Bsm => match self.read_bsm(&raw) {
                Err(e) => {
                    record(Stage::SignatureEncoding, Err(e));
                }
                Ok(sig) => {
                    record(Stage::SignatureEncoding, Ok(()));
                    if let (Some(message), Ok(claimed)) = (&message, &claimed) {
                        let ok = check_bsm::<Active>(&sig, claimed, message, self.policy());
                        record(Stage::Signature, ok.map(|_| ()));
                    }
                    signature = Some(SignatureDetail::Bsm(sig));
                }
            },
            Scheme::Brc77 => {
                let known = claimed.as_ref().ok().and_then(Claimed::key);
                let env = self
                    .read_envelope_head::<Active>(&raw, known)
                    .and_then(|(head, der)| {
                        let audience = check_audience(&head);
                        self.read_envelope_signature(head, der)
                            .map(|env| (env, audience))
                    });
                match env {
                    Err(e) => {
                        record(Stage::SignatureEncoding, Err(e));
                    }
                    Ok((env, audience)) => {
                        record(Stage::SignatureEncoding, Ok(()));
                        record(Stage::Audience, audience);
                        if let Ok(claimed) = &claimed {
                            record(
                                Stage::SignerBinding,
                                check_signer_binding::<Active>(claimed, &env),
                            );
                        }
                        if let (Some(message), Ok(())) = (&message, audience) {
                            record(Stage::Signature, check_brc77::<Active>(&env, message));
                        }
                        signature = Some(SignatureDetail::Brc77(env));
                    }
                }
            }
        }
        trace.steps = steps;
        trace.signature = signature;
        finish(trace, parts, key.ok(), ts.ok())
    }
}

fn finish<'t>(
    mut trace: Trace<'t>,
    parts: TokenParts<'t>,
    key: Option<PublicKey>,
    ts: Option<Timestamp>,
) -> Trace<'t> {
    trace.parts = Some(parts);
    trace.pubkey = key;
    trace.timestamp = ts;
    trace
}
