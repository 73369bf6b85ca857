/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_NET_H
#define _RST_NET_H

struct rst_context;

int rst_net_down(struct rst_context *ctx);
int rst_netcfg(struct rst_context *ctx);
struct vz_netcfg;
int rst_netsysctl(struct rst_context *ctx, const struct vz_netcfg *img);
int rst_nft(struct rst_context *ctx, const struct vz_netcfg *img);
int rst_xt(struct rst_context *ctx, const struct vz_netcfg *img);
int rst_conntrack(struct rst_context *ctx);
struct vz_nl;
int rst_nfnl_open(struct rst_context *ctx, struct vz_nl *nl);
void rst_net_up(struct rst_context *ctx, bool running);

#endif /* _RST_NET_H */
