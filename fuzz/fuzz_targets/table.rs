//! The table loader: never panics; every row of a loaded table has every column;
//! diagnostics point inside the file and render.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match strata::load::parse_table("t", text, Path::new("data/t.yaml")) {
        Ok(table) => {
            for row in &table.rows {
                assert_eq!(row.len(), table.columns.len());
            }
        }
        Err(diags) => strata_fuzz::check_diagnostics(text, &diags),
    }
});
