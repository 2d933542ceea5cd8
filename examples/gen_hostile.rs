//! Write the adversarial corpora of issue 13 (see
//! `benches/support/hostile.rs`), one directory per shape.
//!
//! ```text
//! cargo run --release --example gen_hostile -- OUT_DIR [SHAPE…]
//! ```

#[path = "../benches/support/hostile.rs"]
mod hostile;
#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!(
            "usage: gen_hostile OUT_DIR [SHAPE…]; shapes: {}",
            hostile::SHAPES.join(", ")
        );
        return ExitCode::from(2);
    };
    let mut shapes: Vec<String> = args.collect();
    if shapes.is_empty() {
        shapes = hostile::SHAPES.iter().map(|s| s.to_string()).collect();
    }
    for shape in &shapes {
        if let Err(e) = hostile::write(&out.join(shape), shape) {
            eprintln!("error: {shape}: {e}");
            return ExitCode::FAILURE;
        }
        println!("{}", out.join(shape).display());
    }
    ExitCode::SUCCESS
}
