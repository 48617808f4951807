"""Character bodies and faces by kind: person, animal, bird, creature and robot."""

from __future__ import annotations

import math

from .canvas import qbez, tapered
from .palette import lighten, lum, mix, shade


class Bodies:
    """One ``draw_<kind>`` per kind; mixed into :class:`~.figures.Figure` (draws with its local-unit helpers)."""

    def draw_person(self):
        look, pose = self.look, self.pose
        skin, outfit, hair = look.skin, look.outfit, look.hair
        if self.pale_skin:
            skin = lighten(skin, 0.6)
        long_coat = look.outfit_long
        hem_y = 22 if long_coat else 36
        hem_w = 19 if long_coat else 14
        arm_up = pose.random() < 0.35
        arm_swing = pose.uniform(-4, 4)
        stance = pose.uniform(0.5, 2.0)
        self.accessory_behind((0, 64), 12, hem_y - 4)
        # Long hair behind the head.
        head_y, hr = 83, 17
        if look.hair_style in ("long", "pigtails"):
            if look.hair_style == "long":
                self.poly([(-18, 88), (-19.5, 66), (-14, 61), (14, 61), (19.5, 66), (18, 88)], hair)
            else:
                for side in (-1, 1):
                    self.el(side * 18.5, 72, 4.8, 8.5, hair)
                    self.dot(side * 17.5, 80.5, 1.8, look.accent)
        elif look.hair_style == "ponytail":
            self.poly(tapered(qbez((-12, 92), (-31, 90), (-25, 62), 10), 10, 2.5), hair)
            self.el(-15.5, 91, 2.2, 2.6, look.accent, weight=0.6)
        elif look.hair_style == "bun":
            self.el(0, 101, 7, 6, hair)
        hood = look.accessory("hood")
        if hood:
            self.el(-1.5, head_y - 1, hr + 4.5, hr + 3.5, hood[1])
        # Legs and shoes.
        for side in (-1, 1):
            lx = side * (5.5 + stance * 0.4)
            self.limb([(lx * 0.9, hem_y + 4), (lx, 6)], 7.8, look.legs)
        for side in (-1, 1):
            lx = side * (5.5 + stance * 0.4)
            self.el(lx + 1.8, 3.2, 6.2, 3.6, look.shoes)
        # Back arm.
        back_hand = (-16 - arm_swing * 0.3, 37)
        self.limb([(-11.5, 61), (-14.5, 49), back_hand], 6.4, outfit)
        self.el(back_hand[0], back_hand[1] - 1, 3.8, 3.8, skin)
        # Torso.
        torso = [
            (-hem_w, hem_y),
            *qbez((-13.5, 50), (-14.5, 66), (-6, 67.5), 6),
            *qbez((6, 67.5), (14.5, 66), (13.5, 50), 6),
            (hem_w, hem_y),
        ]
        self.poly(torso, outfit)
        self.pattern_on(0, 48, 12, 14, shade(outfit, 0.85))
        if look.role == "knight":
            self.poly([(-10, 60), (10, 60), (8, 44), (-8, 44)], shade(outfit, 0.88), weight=0.6)
        if look.buttons:
            # Coat buttons and a front seam.
            self.ink_line([(1.5, 64), (1.5, hem_y + 1)], 0.6, shade(outfit, 0.7))
            for by in (58, 49, 40, 31):
                if by > hem_y + 2:
                    self.dot(4.2, by, 1.3, shade(outfit, 0.65))
        if look.role in ("wizard", "witch"):
            self.star(-5, 44, 2.6, (255, 226, 110))
            self.star(6, 32, 2.0, (255, 226, 110))
        if not long_coat:
            # A belt line.
            self.poly([(-13.4, 40), (13.4, 40), (13.6, 37), (-13.6, 37)], shade(outfit, 0.75), outline=False)
        apron = look.accessory("apron")
        if apron:
            self.poly(
                [(-8.5, 56), (8.5, 56), (10.5, max(hem_y + 2, 26)), (-10.5, max(hem_y + 2, 26))], apron[1], weight=0.7
            )
            self.poly([(-4, 47), (4, 47), (4, 42), (-4, 42)], shade(apron[1], 0.9), weight=0.5)
        bag = look.accessory("backpack")
        if bag:
            self.limb([(-8, 66), (-6, 50)], 2.4, shade(bag[1], 0.8))
        # Neck and head.
        self.poly([(-3.5, 64), (3.5, 64), (3.5, 69), (-3.5, 69)], shade(skin, 0.9), outline=False)
        self.scarf(0, 66, 12.5)
        cape = look.accessory("cape")
        if cape and not look.accessory("scarf"):
            for side in (-1, 1):
                self.poly([(side * 3, 66), (side * 11.5, 67.5), (side * 6, 61)], cape[1], weight=0.6)
            self.dot(0, 64.5, 1.6, (240, 200, 80))
        self.el(0, head_y, hr, hr - 0.8, skin)
        # Ears.
        self.el(-hr + 0.4, head_y - 1, 2.4, 3.2, skin, weight=0.6)
        # Hair front.
        if look.hair_style != "bald":
            if look.hair_style == "spiky":
                pts = [(-18.2, 84)]
                for k in range(11):
                    a = math.pi - math.pi * (k + 0.5) / 11
                    r = 21.5 if k % 2 == 0 else 17.8
                    pts.append((r * math.cos(a), head_y + 2 + r * math.sin(a) * 0.92))
                pts += [(18.2, 84), (10, 90), (2, 88.5), (-8, 91)]
                self.poly(pts, hair)
            elif look.hair_style == "curly":
                blobs = [
                    (-14, 90, 6.5),
                    (-8, 96.5, 6.5),
                    (0, 99, 6.8),
                    (8, 96.5, 6.5),
                    (14, 90, 6.5),
                    (-17, 82, 4.6),
                    (17, 82, 4.6),
                ]
                cvb = [(*self.P(x, y), r * self.u, r * self.u) for x, y, r in blobs]
                self.cv.union(cvb, self.col(hair), True, self.weight)
            else:
                top = [
                    (17.8 * math.cos(a), head_y + 0.5 + 17.6 * math.sin(a))
                    for a in [math.pi * k / 14 for k in range(15)]
                ]
                fringe = [(-17.8, head_y - 1), (-16.5, 80)] if look.hair_style in ("long", "bob") else []
                pts = fringe + top[::-1][::-1]
                pts = [(-17.8, 80)] if look.hair_style in ("long", "bob", "pigtails") else [(-17.8, 84)]
                pts += [
                    (17.8 * math.cos(a), head_y + 0.5 + 17.6 * math.sin(a))
                    for a in [math.pi - math.pi * k / 14 for k in range(15)]
                ]
                pts += [(17.8, 80) if look.hair_style in ("long", "bob", "pigtails") else (17.8, 84)]
                pts += [(14, 87), (9, 89.5), (6.5, 86.5), (2, 90), (-5, 88.5), (-10, 90.5), (-14.5, 87)]
                self.poly(pts, hair)
        if look.beard:
            chin = 50 if look.role == "wizard" else 60
            self.poly(
                [
                    (-15.5, 80),
                    (-13, 68),
                    (-6, chin + 3),
                    (3, chin),
                    (9, chin + 3),
                    (14.5, 68),
                    (15.5, 80),
                    (12, 76),
                    (7, 72.5),
                    (3, 71.5),
                    (-1, 72.5),
                    (-8, 76),
                ],
                hair,
            )
            for side in (-1, 1):
                self.el(3 + side * 2.8, 76.3, 3.2, 1.5, shade(hair, 0.92), outline=False)
        # Face, a little towards the facing side.
        fx = 3.0
        eye_colour = look.eyes
        self.eyes(fx, 81.5, 6.2, 3.1, eye_colour, lashes=look.hair_style in ("long", "pigtails", "ponytail", "bun"))
        self.cheeks(fx, 76.2, 9.2, skin)
        if look.beard:
            self.smile(fx + 0.3, 73.6, 2.0, open_mouth=True)
        else:
            self.smile(fx + 0.3, 74.8, 2.6, open_mouth=arm_up)
        self.glasses(fx, 81.5, 6.0, 4.4)
        self.headwear(0, 100.5, hr)
        self.bow(-9, 96, 4.0) if look.hair_style not in ("bald",) and not look.accessory("hat") else None
        # Front arm (waving when the pose says so).
        if arm_up:
            hand = (27 + arm_swing * 0.3, 80 + arm_swing)
            self.limb([(11.5, 61), (21, 64), hand], 6.4, outfit)
        else:
            hand = (16.5 + arm_swing * 0.4, 37.5 + abs(arm_swing))
            self.limb([(11.5, 61), (14.8, 50), hand], 6.4, outfit)
        self.el(hand[0], hand[1] + (2 if arm_up else -1), 3.8, 3.8, skin)
        if look.role == "knight":
            self.el(-17, 44, 8.5, 10, look.accent)
            self.el(-17, 44, 4, 5, lighten(look.accent, 0.5), outline=False)

    def draw_animal(self):
        look, pose = self.look, self.pose
        sp = look.species
        body, belly = look.body, look.belly
        if sp in ("owl", "bird"):
            return self.draw_bird()
        arm_up = pose.random() < 0.35
        swing = pose.uniform(-3, 3)
        self.accessory_behind((0, 56), 11, 8)
        # Tail.
        tail_c = body
        if sp == "cat":
            self.limb(qbez((-10, 14), (-34, 10), (-27 + swing, 44), 10), 5.2, tail_c)
        elif sp in ("fox", "wolf"):
            self.poly(tapered(qbez((-8, 14), (-36, 6), (-34, 40 + swing), 10), 10, 4)[:-1], tail_c)
            self.poly(
                [(-36.5, 33 + swing), (-29, 33 + swing), (-32, 42 + swing), (-34.5, 41 + swing)],
                (250, 248, 244),
                outline=False,
            )
        elif sp == "dog":
            self.limb(qbez((-12, 20), (-24, 24), (-23, 38 + swing), 8), 5, tail_c)
        elif sp == "mouse":
            self.limb(qbez((-10, 10), (-36, 4), (-28 + swing, 30), 10), 2.0, mix(body, (240, 160, 170), 0.6))
        elif sp == "rabbit":
            self.el(-16, 14, 6, 6, lighten(body, 0.5))
        elif sp == "pig":
            self.limb([(-14, 18), (-19, 17), (-20, 21), (-17, 22), (-18, 25 + swing * 0.3)], 1.8, shade(body, 0.9))
        elif sp in ("cow", "pony"):
            self.limb(qbez((-12, 22), (-22, 20), (-22, 6 + swing), 6), 2.0, body)
            self.el(-22, 5 + swing, 2.8, 4, (70, 60, 64) if sp == "cow" else shade(body, 0.6))
        elif sp == "monkey":
            self.limb(qbez((-12, 14), (-40, 12), (-30 + swing, 40), 12), 3.2, body)
        elif sp in ("frog",):
            pass
        elif sp == "sheep":
            self.el(-15, 18, 5, 5, body)
        else:
            self.el(-15, 16, 4.5, 4.5, body)
        # Feet.
        for side in (-1, 1):
            self.el(side * 8 + 2, 3.5, 7.5, 4.2, shade(body, 0.92))
        # Back arm.
        self.limb([(-11, 42), (-16 + swing * 0.3, 30)], 6, shade(body, 0.95))
        # Body.
        if sp == "sheep":
            wool = [(0, 27, 17, 24)] + [
                (17 * math.cos(a) * 0.95, 27 + 24 * math.sin(a) * 0.95, 5.5, 5.5)
                for a in [k * math.pi / 6 for k in range(12)]
            ]
            self.cv.union(
                [(*self.P(x, y), rx * self.u, ry * self.u) for x, y, rx, ry in wool], self.col(body), True, self.weight
            )
        else:
            self.el(0, 27, 17, 24, body)
            self.el(2.5, 24, 10.5, 15.5, belly, outline=False)
        spots = (56, 50, 58) if lum(body) > 200 else shade(body, 0.72)
        self.pattern_on(0, 30, 14, 18, spots)
        if look.accessory("apron"):
            self.poly([(-8, 42), (10, 42), (12, 10), (-8, 10)], look.accessory("apron")[1], weight=0.7)
        # Head.
        hx, hy = 1.5, 68
        ears = {
            "cat": "point",
            "fox": "bigpoint",
            "wolf": "bigpoint",
            "dog": "flop",
            "rabbit": "long",
            "bear": "round",
            "mouse": "biground",
            "frog": "none",
            "pig": "pig",
            "cow": "side",
            "sheep": "side",
            "pony": "point",
            "monkey": "monkey",
        }.get(sp, "round")
        head_c = (70, 64, 72) if sp == "sheep" and lum(body) > 160 else body
        inner = mix(body, (250, 170, 180), 0.6)
        if ears == "long":
            for side, tilt in ((-1, -3), (1, 2)):
                self.el(hx + side * 7 + tilt, 99, 5.5, 16, body)
                self.el(hx + side * 7 + tilt, 98, 2.6, 11.5, inner, outline=False)
        elif ears in ("point", "bigpoint"):
            s = 1.0 if ears == "point" else 1.25
            for side in (-1, 1):
                base_x = hx + side * 12
                self.poly([(base_x - 6 * s, 80), (base_x + side * 3 * s, 80 + 16 * s), (base_x + 6 * s, 80)], body)
                self.poly(
                    [(base_x - 3 * s, 81), (base_x + side * 2.4 * s, 81 + 11 * s), (base_x + 3 * s, 81)],
                    inner if sp != "fox" else (60, 44, 44),
                    outline=False,
                )
        elif ears in ("round", "biground"):
            r = 6.5 if ears == "round" else 10
            for side in (-1, 1):
                self.el(hx + side * 14, 84, r, r, body)
                self.el(hx + side * 14, 84, r * 0.55, r * 0.55, inner, outline=False)
        elif ears == "side":
            if sp == "cow":
                for side in (-1, 1):
                    self.poly(
                        [(hx + side * 7, 82), (hx + side * 11, 93), (hx + side * 12.5, 91), (hx + side * 11, 81)],
                        (248, 236, 200),
                    )
            for side in (-1, 1):
                self.el(hx + side * 21, 76, 7, 3.6, head_c)
                self.el(hx + side * 21, 76, 4, 1.8, inner, outline=False)
        elif ears == "monkey":
            for side in (-1, 1):
                self.el(hx + side * 20, 70, 6, 6.5, body)
                self.el(hx + side * 20, 70, 3.4, 3.8, lighten(body, 0.5), outline=False)
        elif ears == "pig":
            for side in (-1, 1):
                self.poly([(hx + side * 7, 83), (hx + side * 16, 92), (hx + side * 17, 80)], body)
        elif ears == "none":
            for side in (-1, 1):
                self.el(hx + 3 + side * 8, 82, 7, 6.5, body)
        if sp == "sheep":
            curls = [(hx + dx, 85 + dy, 5, 4.5) for dx, dy in ((-9, -1), (-3, 2), (3, 2), (9, -1))]
            self.cv.union(
                [(*self.P(x, y), rx * self.u, ry * self.u) for x, y, rx, ry in curls], self.col(body), True, self.weight
            )
        if sp == "frog":
            self.el(hx, hy - 2, 22, 15, head_c)
        else:
            self.el(hx, hy, 20.5, 18.5, head_c)
        if ears == "flop":
            for side in (-1, 1):
                self.poly(
                    [
                        (hx + side * 15, 82),
                        (hx + side * 24, 76),
                        (hx + side * 23, 62),
                        (hx + side * 17, 60),
                        (hx + side * 14, 74),
                    ],
                    shade(body, 0.78),
                )
        fx = hx + 3
        if sp == "frog":
            for side in (-1, 1):
                self.el(fx + side * 8, 82, 5.2, 5.2, (255, 255, 255), outline=False)
            self.eyes(fx, 82, 8, 3.0, look.eyes, lashes=False)
            self.cheeks(fx, 66, 13, body)
            self.ink_line(qbez((fx - 10, 66), (fx, 57), (fx + 10, 66), 10), 0.8)
            self.dot(fx - 1.5, 72, 0.7, shade(body, 0.5))
            self.dot(fx + 1.5, 72, 0.7, shade(body, 0.5))
        elif sp in ("pig", "cow", "pony"):
            snout = {"pig": mix(body, (230, 120, 140), 0.35), "cow": (246, 190, 190)}.get(sp, lighten(body, 0.35))
            w, h = (6.5, 4.8) if sp == "pig" else (10.5, 7)
            self.el(fx, 61.5, w, h, snout, weight=0.6)
            for side in (-1, 1):
                self.el(fx + side * w * 0.35, 61.5, w * 0.16, h * 0.28, shade(snout, 0.6), outline=False)
            self.eyes(fx, 72, 7.2, 3.0, look.eyes, lashes=False)
            self.cheeks(fx, 66, 12, head_c)
            self.ink_line(
                qbez(
                    (fx - 3, 55.5 if sp != "pig" else 54.6),
                    (fx, 53.5 if sp != "pig" else 52.6),
                    (fx + 3, 55.5 if sp != "pig" else 54.6),
                    5,
                ),
                0.7,
            )
        else:
            if sp in ("fox", "wolf"):
                self.poly([(fx - 11, 66), (fx, 56), (fx + 11, 66), (fx, 62)], lighten(body, 0.7), outline=False)
            if sp == "monkey":
                self.el(fx, 68, 15, 13, lighten(body, 0.55), outline=False)
            face = lighten(belly, 0.3) if sp != "sheep" else (236, 230, 226)
            self.el(fx, 62.5, 8.5, 6.2, face, outline=False)
            self.eyes(fx, 70.5, 7.2, 3.0, look.eyes, lashes=False)
            self.cheeks(fx, 64.5, 11, head_c)
            nose_c = (60, 40, 46) if sp != "rabbit" else (236, 130, 150)
            self.poly([(fx - 2.6, 65.5), (fx + 2.6, 65.5), (fx, 63)], nose_c, outline=False)
            self.ink_line([(fx, 63), (fx, 61.2)], 0.7)
            self.ink_line(qbez((fx - 3.4, 61.6), (fx - 1.7, 58.6), (fx, 61.2), 5), 0.7)
            self.ink_line(qbez((fx, 61.2), (fx + 1.7, 58.6), (fx + 3.4, 61.6), 5), 0.7)
        if sp in ("cat", "mouse", "rabbit"):
            for side in (-1, 1):
                for dy in (0.8, -1.2):
                    self.ink_line([(fx + side * 7, 63 + dy * 0.5), (fx + side * 15, 64 + dy * 1.8)], 0.45)
        self.glasses(fx, 70.5, 7.2, 4.8)
        self.scarf(1.5, 50.5, 12)
        self.headwear(hx, 86.5, 19)
        self.bow(hx + 10, 84, 4)
        # Front arm.
        if arm_up:
            hand = (27, 58 + swing)
            self.limb([(11, 42), (21, 46), hand], 6, body)
        else:
            hand = (17 + swing * 0.3, 28)
            self.limb([(11, 42), hand], 6, body)
        self.el(hand[0], hand[1], 3.8, 3.8, lighten(body, 0.15))

    def draw_bird(self):
        look, pose = self.look, self.pose
        body, belly = look.body, look.belly
        owl = look.species == "owl"
        swing = pose.uniform(-4, 4)
        beak = (244, 170, 60)
        self.accessory_behind((0, 58), 12, 10)
        for side in (-1, 1):
            self.ink_line([(side * 6, 6), (side * 6, 1)], 1.6, beak)
            for toe in (-3, 0, 3):
                self.ink_line([(side * 6, 1.5), (side * 6 + toe, -0.5)], 1.3, beak)
        if not owl:
            self.poly([(-16, 22), (-30, 14), (-31, 24), (-16, 30)], shade(body, 0.85))
        self.el(0, 36, 21, 32, body)
        # Belly with little feather scallops.
        self.el(2, 30, 13, 21, belly, outline=False)
        for row in range(3):
            for col in range(-1, 2):
                x = 2 + col * 6 + (row % 2) * 3 - 1.5
                y = 38 - row * 8
                self.ink_line([(x - 2.2, y + 0.8), (x, y - 0.8), (x + 2.2, y + 0.8)], 0.5, shade(belly, 0.82))
        # Wings.
        for side, lift in ((-1, 0.0), (1, swing)):
            self.poly(
                [(side * 18, 46), (side * 25, 36 + lift), (side * 23, 20 + lift * 0.5), (side * 16, 24)],
                shade(body, 0.82),
            )
        if owl:
            for side in (-1, 1):
                self.poly([(side * 8, 62), (side * 17, 77), (side * 17, 60)], body)
            for side in (-1, 1):
                self.el(side * 7.5 + 1, 54, 7, 7, lighten(body, 0.55), weight=0.6)
            self.eyes(1, 54, 7.5, 3.6, look.eyes or (250, 190, 60), lashes=False)
        else:
            self.eyes(4, 56, 6.5, 2.8, look.eyes)
            self.poly([(-2, 63), (4, 70), (8, 64)], shade(body, 0.8), outline=False)
        self.poly([(-2 + 3, 49), (3, 42), (8 + 3 - 3, 49)], beak)
        self.scarf(2, 44, 14)
        self.glasses(1 if owl else 4, 54, 7.5, 5.0)
        self.headwear(2, 66 if not owl else 64, 17)

    def draw_creature(self):
        look, pose = self.look, self.pose
        body, belly, accent = look.body, look.belly, look.accent
        swing = pose.uniform(-4, 4)
        arm_up = pose.random() < 0.35
        dark = shade(body, 0.8)
        # Tail behind, curving away from the facing side.
        centre = qbez((-10, 16), (-36, 4), (-44, 24 + swing), 12)
        self.poly(tapered(centre, 13, 2.5), body)
        for k in (4, 7, 10):
            x, y = centre[k]
            self.poly(
                [(x - 2.6, y + 3.5 - k * 0.15), (x - 0.5, y + 8.5 - k * 0.2), (x + 2, y + 3.2 - k * 0.15)],
                accent,
                weight=0.6,
            )
        # Wings.
        wing = look.wings or lighten(mix(body, belly, 0.35), 0.15)
        if look.species != "dinosaur":
            for side, sc in ((-1, 1.0), (1, 0.8)):

                def W(x, y, side=side, sc=sc):
                    return (side * (8 + (x - 8) * sc), 44 + (y - 44) * sc)

                tips = [W(31, 78), W(34, 62), W(27, 48)]
                pts = qbez(W(9, 58), W(16, 76), tips[0], 6)
                pts += qbez(tips[0], W(27, 66), tips[1], 5)[1:]
                pts += qbez(tips[1], W(27, 54), tips[2], 5)[1:]
                pts += qbez(tips[2], W(18, 44), W(10, 42), 5)[1:]
                self.poly(pts, wing)
                for tip in tips[1:]:
                    self.ink_line([W(11, 56), tip], 0.55, shade(wing, 0.75))
        else:
            for k in range(4):
                y = 30 + k * 10
                self.poly([(-16 + k * 0.5, y - 4), (-23 + k * 0.5, y + 1), (-15 + k * 0.5, y + 4)], accent, weight=0.6)
        # Legs.
        for side in (-1, 1):
            self.el(side * 9, 10, 8.5, 10, dark)
            self.el(side * 9 + 2, 3.5, 8, 4, dark)
            for toe in (-2.2, 2.2):
                self.ink_line([(side * 9 + 2 + toe + 3, 0.6), (side * 9 + 2 + toe + 3, 3.2)], 0.6, shade(dark, 0.7))
        # Back arm.
        self.limb([(-12, 40), (-17 + swing * 0.3, 30)], 6, dark)
        # Body and belly.
        self.el(0, 30, 20, 26, body)
        self.el(4, 27, 12.5, 19, belly, outline=True, weight=0.5)
        for k in range(5):
            y = 14 + k * 6.2
            span = 11.5 * math.sqrt(max(0.0, 1 - ((y - 27) / 19) ** 2))
            self.ink_line([(4 - span * 0.8, y), (4, y - 0.8), (4 + span * 0.8, y)], 0.45, shade(belly, 0.8))
        self.pattern_on(-6, 32, 12, 18, dark)
        if look.accessory("apron"):
            self.poly([(-6, 46), (13, 46), (15, 12), (-6, 12)], look.accessory("apron")[1], weight=0.7)
        # Head with a snout.
        hx, hy = 2, 68
        horn = (250, 238, 200)
        for side in (-1, 1):
            bx = hx + side * 8
            self.poly([(bx - 3.4, 80), (bx + side * 4, 95), (bx + 3.4, 80.5)], horn)
        # Spikes down the back of the head.
        for x, y in ((-14, 80), (-18, 72), (-19, 63)):
            self.poly([(x + 2, y + 3), (x - 4.5, y + 1), (x + 1.5, y - 3)], accent, weight=0.6)
        self.el(hx, hy + 2, 18, 16, body)
        self.el(hx + 11, hy - 5, 11, 8.5, body)
        self.el(hx + 12.5, hy - 7.5, 7.5, 4.4, lighten(body, 0.25), outline=False)
        for nx in (hx + 15, hx + 19):
            self.dot(nx, hy - 3.5, 0.9, shade(body, 0.45))
        self.eyes(hx + 3.5, hy + 6, 6.2, 3.4, look.eyes, lashes=False)
        self.cheeks(hx + 3.5, hy + 0.5, 9.5, body)
        self.ink_line([(hx + 6, hy - 9.5), (hx + 11, hy - 11), (hx + 16, hy - 9.8)], 0.8)
        self.glasses(hx + 3.5, hy + 6, 6.2, 4.6)
        self.scarf(1.5, 50, 13)
        self.headwear(hx, hy + 18, 17)
        self.bow(hx - 9, hy + 14, 4)
        if arm_up:
            hand = (29, 56 + swing)
            self.limb([(12, 40), (22, 42), hand], 6.2, dark)
        else:
            hand = (18 + swing * 0.3, 28)
            self.limb([(12, 40), hand], 6.2, dark)
        self.el(hand[0], hand[1], 3.9, 3.9, body)

    def draw_robot(self):
        look, pose = self.look, self.pose
        body, accent, lit = look.body, look.accent, look.lit
        swing = pose.uniform(-4, 4)
        arm_up = pose.random() < 0.35
        metal = shade(body, 0.75)
        self.accessory_behind((0, 58), 15, 20)
        # Legs and feet.
        for side in (-1, 1):
            self.cv.rrect(
                *self.P(side * 7 - 3.5, 24),
                *self.P(side * 7 + 3.5, 5),
                1.5 * self.u,
                self.col(metal),
                True,
                self.weight,
            )
            self.cv.rrect(
                *self.P(side * 7 - 5 + 1.5, 6),
                *self.P(side * 7 + 6 + 1.5, 0.5),
                2 * self.u,
                self.col(shade(body, 0.9)),
                True,
                self.weight,
            )
        # Back arm.
        self.limb([(-16, 52), (-21 + swing * 0.3, 34)], 5, metal)
        self.el(-21 + swing * 0.3, 32, 3.8, 3.8, accent)
        # Torso.
        self.cv.rrect(*self.P(-17, 60), *self.P(17, 22), 4 * self.u, self.col(body), True, self.weight)
        self.cv.rrect(*self.P(-9, 52), *self.P(11, 32), 2 * self.u, self.col(shade(body, 0.7)), True, self.weight * 0.7)
        for k, c in enumerate((lit, accent, (250, 210, 80))):
            self.dot(-4.5 + k * 5.5, 45, 1.9, c)
        for k in range(3):
            self.ink_line([(-5, 38 - k * 1.8), (7, 38 - k * 1.8)], 0.6, lighten(shade(body, 0.7), 0.3))
        # Neck, head, antenna.
        self.cv.rrect(*self.P(-4, 64), *self.P(4, 59), 0, self.col(metal), True, self.weight * 0.7)
        self.ink_line([(0, 88), (0, 97)], 1.1, metal)
        ax, ay = self.P(0, 98)
        self.cv.glow(ax, ay, 9 * self.u, lit, 0.5)
        self.el(0, 98, 2.6, 2.6, accent if accent != body else (230, 70, 60), weight=0.6)
        for side in (-1, 1):
            self.el(side * 16.5, 75, 2.8, 4.2, metal, weight=0.6)
        self.cv.rrect(*self.P(-16, 88), *self.P(16, 62), 5 * self.u, self.col(body), True, self.weight)
        self.cv.rrect(
            *self.P(-12.5, 84), *self.P(13.5, 66), 3.5 * self.u, self.col((40, 46, 60)), True, self.weight * 0.6
        )
        for side in (-1, 1):
            ex, ey = self.P(1 + side * 5.5, 77)
            self.cv.glow(ex, ey, 8 * self.u, lit, 0.45)
            self.el(1 + side * 5.5, 77, 2.8, 3.2, lit, outline=False)
            self.dot(1 + side * 5.5 + 0.9, 78.2, 0.9, (255, 255, 255))
        self.smile(1, 71.5, 3.2)
        self.scarf(0, 61, 14)
        self.headwear(0, 88, 17)
        if arm_up:
            hand = (25, 70 + swing)
            self.limb([(16, 54), (22, 60), hand], 5, metal)
        else:
            hand = (22 + swing * 0.3, 33)
            self.limb([(16, 54), hand], 5, metal)
        self.el(hand[0], hand[1] + (2 if arm_up else 0), 3.8, 3.8, accent)
