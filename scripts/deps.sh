# Installs the Debian packages hvdos needs that are missing (sourced by run.sh and
# test.sh). Usage: deps_install build|test
deps_install() {
    local want=(gcc meson ninja-build nasm pkg-config python3 libsdl2-dev libpng-dev
                libinih-dev libtermkey-dev libncurses-dev)
    if [ "$1" = test ]; then
        # libsdl2-ttf-dev: FreeType for the check of the ROM fonts (test_rom_fonts).
        want+=(clang bcc elks-libc zlib1g-dev xvfb xauth evilwm libsdl2-ttf-dev tmux
               ncurses-term)
    fi
    local missing=()
    for p in "${want[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing: ${missing[*]}"
    local sudo=
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}
