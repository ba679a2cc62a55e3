#!/usr/bin/env bash
# ipvs-qemu.sh - ha-ipvs's kernel-comparison VM: boots the host's Debian kernel (which has IPVS,
# unlike the host) under QEMU with the host root filesystem shared read-only over 9p (a tmpfs
# overlay makes it writable inside), loads ip_vs and its schedulers, runs one command as root
# and powers off.
#
#   ipvs-qemu.sh WORKDIR TIMEOUT_S 'command'
#
# WORKDIR is shared read-write at the same path; the command runs there, its stdout and stderr
# go to WORKDIR/guest.out and WORKDIR/guest.err, its exit status to WORKDIR/guest.rc, the guest
# console to WORKDIR/console.log.  Exit status: the command's; 124 timeout; 125 the VM failed.
# Needs root (Debian's kernel image is mode 0600) and: qemu-system-x86 linux-image-amd64
# busybox-static kmod cpio xz-utils, plus what the command uses.
# IPVS_QEMU_ACCEL=tcg|kvm (default tcg: this project's CI hosts run nested and KVM cannot
# boot a stock kernel there), IPVS_QEMU_CACHE (default /tmp/ha-ipvs-vm-cache) keeps the
# uncompressed kernel so the boot skips the xz decompressor (~5 s under TCG).
set -euo pipefail
fail() { echo "ipvs-qemu: $*" >&2; exit 125; }
[[ $# -eq 3 ]] || fail "usage: ipvs-qemu.sh WORKDIR TIMEOUT_S 'command'"
work=$(cd "$1" && pwd -P) || fail "no directory $1"
limit=$2
command=$3
accel=${IPVS_QEMU_ACCEL:-tcg}
cache=${IPVS_QEMU_CACHE:-/tmp/ha-ipvs-vm-cache}

command -v qemu-system-x86_64 >/dev/null || fail "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"
bb=""
for c in /bin/busybox /usr/bin/busybox; do
  if [[ -x $c ]] && file -L "$c" 2>/dev/null | grep -q 'statically linked'; then bb=$c; break; fi
done
[[ -n $bb ]] || bb=/bin/busybox
[[ -x $bb ]] || fail "static busybox missing (apt-get install busybox-static)"

# the newest kernel whose module tree has IPVS
kernel=""
for k in $(ls -1 /boot/vmlinuz-*-amd64 2>/dev/null | sort -V -r); do
  if compgen -G "/lib/modules/${k#/boot/vmlinuz-}/kernel/net/netfilter/ipvs/ip_vs.ko*" >/dev/null; then
    kernel=$k; break
  fi
done
[[ -n $kernel ]] || fail "no /boot/vmlinuz-*-amd64 with ip_vs modules (apt-get install linux-image-amd64)"
[[ -r $kernel ]] || fail "cannot read $kernel (run as root)"
kver=${kernel#/boot/vmlinuz-}

scratch=$(mktemp -d /tmp/ha-ipvs-qemu.XXXXXX)
qemu_pid=""
cleanup() {
  if [[ -n $qemu_pid ]]; then kill "$qemu_pid" 2>/dev/null || true; wait "$qemu_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# -- initramfs: busybox and the modules to mount 9p and overlayfs ----------------------------
root=$scratch/root
mkdir -p "$root"/{bin,dev,proc,sys,lower,upper,newroot,mods,work}
cp "$bb" "$root/bin/busybox"
modprobe -S "$kver" --show-depends -a virtio_pci 9pnet_virtio 9p overlay 2>/dev/null |
  awk '$1 == "insmod" && !seen[$2]++ { print $2 }' >"$scratch/mods.txt"
[[ -s $scratch/mods.txt ]] || fail "cannot resolve the 9p/overlay modules of $kver"
while read -r m; do cp "$m" "$root/mods/"; basename "$m" >>"$root/mods/order"; done <"$scratch/mods.txt"

cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t devtmpfs dev /dev
mount -t proc proc /proc
mount -t sysfs sys /sys
for m in $(cat /mods/order); do insmod /mods/$m 2>/dev/null || echo "insmod $m failed"; done
opts=trans=virtio,version=9p2000.L,msize=262144
off() { echo "ha-ipvs-vm: $*"; sync; poweroff -f; }
mount -t 9p -o $opts,ro,cache=loose hostroot /lower || off "cannot mount the host root"
mount -t 9p -o $opts work /work || off "cannot mount the work dir"
. /work/.vm/env
mount -t tmpfs -o mode=755 tmp /upper
mkdir -p /upper/u /upper/w
mount -t overlay overlay -o lowerdir=/lower,upperdir=/upper/u,workdir=/upper/w /newroot ||
  off "overlayfs failed"
R=/newroot
mount -t proc proc $R/proc
mount -t sysfs sys $R/sys
mount -t devtmpfs dev $R/dev
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts devpts $R/dev/pts
mount -t tmpfs shm $R/dev/shm
mount -t tmpfs run $R/run
mount -t tmpfs tmp $R/tmp
mkdir -p $R$WORK
mount --bind /work $R$WORK
printf '#!/bin/sh\nexec chroot /newroot /sbin/modprobe "$@"\n' >/bin/modprobe-host
chmod 755 /bin/modprobe-host
echo /bin/modprobe-host >/proc/sys/kernel/modprobe
chroot $R /bin/bash $WORK/.vm/run.sh >$R$WORK/guest.out 2>$R$WORK/guest.err </dev/null
echo $? >/work/guest.rc
sync
poweroff -f
INIT
chmod 755 "$root/init"

mkdir -p "$work/.vm"
rm -f "$work/guest.rc" "$work/guest.out" "$work/guest.err"
printf 'WORK=%q\n' "$work" >"$work/.vm/env"
{
  echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8'
  echo 'mods="ip_vs dummy veth"'
  echo 'for f in /lib/modules/$(uname -r)/kernel/net/netfilter/ipvs/ip_vs_*.ko*; do'
  echo '  m=${f##*/}; m=${m%%.ko*}'
  echo '  case $m in ip_vs_ftp|ip_vs_pe_sip) ;; *) mods="$mods $m";; esac'
  echo 'done'
  echo 'modprobe -a $mods || echo "modprobe -a $mods failed" >&2'
  echo 'ip link set lo up'
  printf 'cd %q\n' "$work"
  printf 'exec bash -c %q\n' "$command"
} >"$work/.vm/run.sh"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$scratch/initramfs.gz"

# -- the kernel: uncompressed vmlinux through its PVH entry when the kernel has one -----------
boot=$kernel
if grep -qs '^CONFIG_PVH=y' "/boot/config-$kver" && command -v xz >/dev/null; then
  mkdir -p "$cache"
  vmlinux=$cache/vmlinux-$kver-$(stat -c %s-%Y "$kernel")
  if [[ ! -s $vmlinux ]]; then
    off=$(LC_ALL=C grep -abo -m1 $'\xfd7zXZ\x00' "$kernel" | head -1 | cut -d: -f1 || true)
    if [[ -n $off ]]; then
      tmp=$(mktemp "$vmlinux.XXXXXX")
      tail -c +$((off + 1)) "$kernel" | xz -dc 2>/dev/null >"$tmp" || true
      if [[ $(head -c 4 "$tmp" | od -An -tx1 | tr -d ' \n') == 7f454c46 ]]; then mv "$tmp" "$vmlinux"; else rm -f "$tmp"; fi
    fi
  fi
  [[ -s $vmlinux ]] && boot=$vmlinux
fi

if [[ $accel == kvm ]]; then acc=(-enable-kvm -cpu host); else acc=(-accel tcg -cpu max); fi
cpus=$(nproc); (( cpus > 2 )) && cpus=2
timeout -k 5 "$limit" qemu-system-x86_64 "${acc[@]}" -M pc -m 1024 -smp "$cpus" \
  -nographic -nodefaults -no-user-config -no-reboot -monitor none \
  -kernel "$boot" -initrd "$scratch/initramfs.gz" \
  -append "console=ttyS0 quiet loglevel=3 panic=-1 rdinit=/init tsc=reliable" \
  -serial "file:$work/console.log" \
  -fsdev "local,id=r,path=/,security_model=none,readonly=on,multidevs=remap" \
  -device virtio-9p-pci,fsdev=r,mount_tag=hostroot \
  -fsdev "local,id=w,path=$work,security_model=none,multidevs=remap" \
  -device virtio-9p-pci,fsdev=w,mount_tag=work </dev/null >"$scratch/qemu.log" 2>&1 &
qemu_pid=$!
rc=0
wait "$qemu_pid" || rc=$?
qemu_pid=""
if [[ $rc -eq 124 || $rc -eq 137 ]]; then echo "ipvs-qemu: timed out after ${limit}s" >&2; exit 124; fi
if [[ ! -s $work/guest.rc ]]; then
  echo "ipvs-qemu: the VM reported no exit status (qemu rc=$rc)" >&2
  tail -n 40 "$work/console.log" >&2 2>/dev/null || true
  cat "$scratch/qemu.log" >&2
  exit 125
fi
exit "$(cat "$work/guest.rc")"
