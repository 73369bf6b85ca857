/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_NET_H
#define _CPT_NET_H

struct cpt_context;
struct net;

int cpt_net_down(struct cpt_context *ctx);
void cpt_net_up(struct cpt_context *ctx, bool running);
void cpt_net_silence(struct cpt_context *ctx);
void cpt_net_gone(struct cpt_context *ctx);
int cpt_net_check(struct cpt_context *ctx);
int cpt_nf_check(struct cpt_context *ctx, struct net *net);

#endif /* _CPT_NET_H */
