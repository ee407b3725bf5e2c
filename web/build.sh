#!/usr/bin/env bash
# Offline build of the browser app (TOOLCHAIN.md): cargo (Debian's rustc-web,
# build-std) → wasm-bindgen → wasm-opt (npm binaryen) → content-hashed files
# in web/dist. Trunk and cargo-leptos would download tools; this does not.
#
# Three bundles (iam_shared::bundles): the sign-in page's (index.html), the
# portal's (portal.html, the `portal` feature) and the support console's
# (support.html, the `support` feature). Both share one target dir;
# only the web crate and the final link differ between them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${IAM_CACHE:-$HOME/.cache/iam}
target_dir=$cache/web-target
out=$root/web/dist
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Size flags (measured 2026-11-23: -17 KB gzipped of ~195): a panic traps
# without formatting a message, panics carry no source locations, and derived
# Debug prints nothing. The browser shows no panic text to users anyway.
size_flags="-Zlocation-detail=none -Zfmt-debug=none -Zunstable-options -Cpanic=immediate-abort"
hash() { sha256sum "$1" | cut -c1-16; }
rm -rf "$out" && mkdir -p "$out/assets"
css_name="style-$(hash "$root/web/style.css").css"
cp "$root/web/style.css" "$out/assets/$css_name"

# build_bundle NAME PAGE TITLE [cargo feature args...]
build_bundle() {
  local name=$1 page=$2 title=$3
  shift 3
  PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 RUSTFLAGS="$size_flags" CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld \
    /usr/bin/cargo build --profile wasm-release --target wasm32-unknown-unknown \
    -Zbuild-std=std,panic_abort -p iam-web "$@" --target-dir "$target_dir" --manifest-path "$root/Cargo.toml" \
    2>&1 | tee "$tmp/cargo.log"
  # Warnings are errors here as in the native lint (cargo replays cached ones).
  if grep -q '^warning' "$tmp/cargo.log"; then echo "web: the WASM build ($name) has warnings" >&2; exit 1; fi

  wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name "$name" \
    "$target_dir/wasm32-unknown-unknown/wasm-release/iam-web.wasm"
  "$root/tests/e2e/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-reference-types \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue \
    "$tmp/${name}_bg.wasm" -o "$tmp/${name}_bg.opt.wasm"

  local wasm_name js_name boot_name
  wasm_name="${name}_bg-$(hash "$tmp/${name}_bg.opt.wasm").wasm"
  cp "$tmp/${name}_bg.opt.wasm" "$out/assets/$wasm_name"
  js_name="${name}-$(hash "$tmp/$name.js").js"
  cp "$tmp/$name.js" "$out/assets/$js_name"
  printf "import init from './%s';\ninit({ module_or_path: '/assets/%s' });\n" "$js_name" "$wasm_name" > "$tmp/boot.js"
  boot_name="boot-$(hash "$tmp/boot.js").js"
  cp "$tmp/boot.js" "$out/assets/$boot_name"
  sed -e "s/__STYLE__/$css_name/" -e "s/__JS__/$js_name/" -e "s/__BOOT__/$boot_name/" -e "s/__TITLE__/$title/" \
    "$root/web/index.html" > "$out/$page"
  gzip -9 -c "$out/assets/$wasm_name" | wc -c | xargs printf "web: built %s (%s bytes gzipped)\n" "$wasm_name"
}

build_bundle iam_web index.html "IAMOnline - Sign In"
build_bundle iam_portal portal.html "IAMOnline" --features portal
build_bundle iam_support support.html "IAMOnline Support" --features support

# Brotli at its best quality, once, at build time: the server sends
# `<asset>.br` to browsers that take brotli (routes/spa.rs). Its own
# on-the-fly compressor runs at quality 3, which leaves the sign-in page's
# WASM a fifth larger (188 KB against 152 KB, measured 2026-12-04).
node -e '
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const dir = process.argv[1];
for (const name of fs.readdirSync(dir).filter((n) => /\.(wasm|js|css)$/.test(n))) {
  const data = fs.readFileSync(path.join(dir, name));
  const { constants: c } = zlib;
  const packed = zlib.brotliCompressSync(data, { params: {
    [c.BROTLI_PARAM_QUALITY]: c.BROTLI_MAX_QUALITY, [c.BROTLI_PARAM_LGWIN]: 24, [c.BROTLI_PARAM_SIZE_HINT]: data.length } });
  fs.writeFileSync(path.join(dir, name + ".br"), packed);
}' "$out/assets"

# The API reference at /api/docs: Swagger UI from npm (swagger-ui-dist, in
# tests/e2e/package.json), never from a CDN, with our page and start script.
docs=$out/api-docs
mkdir -p "$docs"
ui=$root/tests/e2e/node_modules/swagger-ui-dist
cp "$ui/swagger-ui-bundle.js" "$ui/swagger-ui.css" "$ui/favicon-32x32.png" "$docs/"
cp "$root/web/api-docs/index.html" "$root/web/api-docs/init.js" "$docs/"
echo "web: API reference in $docs (swagger-ui-dist $(node -p "require('$ui/package.json').version"))"
