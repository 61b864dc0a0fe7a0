# Source this file (". scripts/toolchain.sh") to get Node.js >= 22.12 and pnpm on PATH.
# When the machine's Node.js is too old or pnpm is missing, both are installed from the npm registry
# into ~/.cache/sitechat-toolchain (nothing global is changed). Used by .ci/run and the README commands.
sitechat_toolchain_dir="${SITECHAT_TOOLCHAIN_DIR:-$HOME/.cache/sitechat-toolchain}"
sitechat_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if [ -x "$sitechat_toolchain_dir/node_modules/.bin/node" ]; then
  export PATH="$sitechat_toolchain_dir/node_modules/.bin:$PATH"
fi
if ! sitechat_node_ok || ! command -v pnpm >/dev/null 2>&1; then
  echo "toolchain: installing Node.js 24 and pnpm into $sitechat_toolchain_dir" >&2
  mkdir -p "$sitechat_toolchain_dir"
  npm install --silent --no-audit --no-fund --prefix "$sitechat_toolchain_dir" node@24 pnpm@10.34.9 >&2 || return 1
  export PATH="$sitechat_toolchain_dir/node_modules/.bin:$PATH"
fi
unset -f sitechat_node_ok
unset sitechat_toolchain_dir
