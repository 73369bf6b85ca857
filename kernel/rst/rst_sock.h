/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sockets at restore, the part every family shares (rst_sock.c): a
 * family's record makes its socket and hands it over with rst_sock_add();
 * the FILE record that follows makes it a file.
 */
#ifndef _RST_SOCK_H
#define _RST_SOCK_H

#include <linux/net.h>
#include <linux/vzcpt_image.h>

struct rst_context;

/* Keeps @sock as socket @id of the image until its file is made; releases it on failure. */
int rst_sock_add(struct rst_context *ctx, u64 id, struct socket *sock);

/* The socket rst_sock_add() keeps as @id, still the restore's own; NULL if none. */
struct socket *rst_sock_get(struct rst_context *ctx, u64 id);
struct socket *rst_sock_of_rec(struct rst_context *ctx, u16 type, u32 min, const char *what);

/* The file of FILE record @f, kind VZCPT_FILE_SOCKET: the socket it names, with @f's flags. */
struct file *rst_sock_file(struct rst_context *ctx, const struct vzcpt_img_file *f);

/* Sets @o (checked by img_check_sockopt()) on @sock through its own setsockopt. */
int rst_sockopt(struct rst_context *ctx, struct socket *sock, const struct vzcpt_img_sockopt *o);

/*
 * A NETLINK record (rst_netlink.c): its socket as it was (options, port
 * id, groups, peer, queued messages), kept for the FILE record that
 * follows; the reason in the context on failure.
 */
int rst_netlink(struct rst_context *ctx);

/*
 * A PACKET record (rst_packet.c): its socket as it was (options, device,
 * protocol, memberships, queued packets), kept for the FILE record that
 * follows; the reason in the context on failure.
 */
int rst_packet(struct rst_context *ctx);

/*
 * A SOCK_FILTER record (rst_sockfilter.c): the filter and lock of the
 * socket the record before it made; the reason in the context on failure.
 */
int rst_sock_filter(struct rst_context *ctx);

/*
 * The index of device @name in @net (the CT's namespace), or 0 with the
 * reason set, naming it as the device of @what: an image names devices, since
 * a restore's may have other indices.
 */
int rst_dev_ifindex(struct rst_context *ctx, struct net *net, const char *name, const char *what);

/*
 * The file of socket @id (@sock), made before its FILE record, which takes
 * it up; ERR_PTR on failure (the socket is gone then, which
 * rst_sock_release() knows). The reference is the restore's.
 */
struct file *rst_sock_own_file(struct rst_context *ctx, u64 id, struct socket *sock);

/* Lets socket @id (@sock) go, through its file if rst_sock_own_file() made one. */
void rst_sock_release(struct rst_context *ctx, u64 id, struct socket *sock);

/* Releases the sockets no file took (the restore is ending). */
void rst_sock_drop(struct rst_context *ctx);

#endif
