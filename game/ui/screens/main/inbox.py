"""The Inbox tab: offers to the player (to accept or reject before End Turn) and the
player's own offers still open, each with what the engine will make of it."""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui

from game.engine import state as st
from game.session.offers import KIND_WORDS
from game.session.orders import OfferDraft
from game.session.terms import deals_in_force, offer_sides, weighing_turns
from game.text.words import counted, event_sentence
from game.ui import panels
from game.ui import theme as th
from game.ui.screens.main.tab import Tab
from game.ui.sides import SidesPanel
from game.ui.widgets import fit, note_cut, possessive, row_of


class InboxTab(Tab):
    key = "inbox"
    caption = "Inbox"
    shortcut = "3"

    def __init__(self, host) -> None:
        super().__init__(host)
        self.inbox_index = 0
        self.row_predictions: dict[int, object] = {}
        self.inbox_list = None
        self.inbox_prediction = None
        #: Rows drawn shortened with "…": the text shown -> the whole row, shown on hover.
        self.cut_rows: dict[str, str] = {}
        #: "Your side of this offer", scrolled by the player.
        self.sides_panel = SidesPanel()

    def label(self) -> str:
        pending = len(self.host.game.open_offers(target=self.host.player))
        return f"Inbox ({pending})" if pending else self.caption

    def new_turn(self) -> bool:
        self.inbox_index = 0
        return False

    def action_accept(self) -> None:
        self.answer(st.ANSWER_ACCEPT)

    def action_reject(self) -> None:
        self.answer(st.ANSWER_REJECT)

    def handle(self, event: pygame.event.Event) -> bool:
        if self.sides_panel.handle(event):
            return True
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and self.inbox_list:
            row = row_of(self.inbox_list, event.text)
            if row is not None:
                self.inbox_index = row
                self.host.rebuild()
            return True
        return False

    def inbox(self) -> list[int]:
        return self.host.game.open_offers(target=self.host.player)

    def mail(self) -> list[int]:
        """Offers to the player (to answer), then the player's own still open."""
        return self.inbox() + self.host.game.open_offers(sender=self.host.player)

    def selected_slot(self) -> int | None:
        mail = self.mail()
        return mail[min(self.inbox_index, len(mail) - 1)] if mail else None

    def inbox_row(self, slot: int) -> str:
        o = self.host.state.offers
        sender = self.host.game.name(int(o.sender[0, slot]))
        if int(o.sender[0, slot]) == self.host.player:
            target = self.host.game.name(int(o.target[0, slot]))
            left = int(o.expires[0, slot]) - self.host.game.turn + 1
            kind = self.host.game.offer_kind(slot)
            bloc = self.host.game.bloc_name(int(o.bloc[0, slot]))
            # a membership names its bloc: the leader answering may lead more than one
            what = {
                "invite": f"invitation to join {bloc}",
                "apply": f"apply to join {bloc}",
            }.get(kind) or KIND_WORDS[kind].lower()
            return f"You → {target}: {what} · {self.waiting_words(slot, left)}"
        bloc = self.host.game.bloc_name(int(o.bloc[0, slot]))
        kind = self.host.game.offer_kind(slot)
        what = {
            "invite": f"invitation to join {bloc}",
            "apply": f"asks to join {bloc}",
            "tech_transfer": "technology transfer",
            "funding": "funding deal",
        }.get(kind) or self.held_words(slot)
        s = self.host.state
        if kind not in ("invite", "apply"):
            # a deal from a member of one of the player's blocs: a partner's, not a suitor's
            mine = s.member[0, self.host.player] & s.member[0, int(o.sender[0, slot])]
            if mine.any():
                sender += f" (partner in {self.host.game.bloc_name(int(np.argmax(mine)))})"
        answer = self.host.draft.answers.get(slot, st.ANSWER_NONE)
        # the answer leads the row: a long row is cut at its end, and the answer was lost there
        mark = {st.ANSWER_ACCEPT: "You accept ← ", st.ANSWER_REJECT: "You reject ← "}.get(
            answer, ""
        )
        left = int(o.expires[0, slot]) - self.host.game.turn + 1
        blocked = self.row_predictions.get(slot)
        why = f" · cannot accept: {blocked.short}" if blocked is not None else ""
        wait = weighing_turns(self.host.game, slot)
        weighed = f" · being weighed, answer in {counted(wait + 1, 'turn')}" if wait > 0 else ""
        return f"{mark}{sender}: {what} · {counted(left, 'turn')} left{weighed}{why}"

    def held_words(self, slot: int) -> str:
        """The seats and payload slots an offer carries, counted ("2 astronaut seats")."""
        o = self.host.state.offers
        parts = []
        for count, words in (
            (int(o.seats[0, slot]), "astronaut seat"),
            (int(o.payload[0, slot]), "payload slot"),
        ):
            if count > 0:
                parts.append(counted(count, words))
        return " and ".join(parts) or KIND_WORDS[self.host.game.offer_kind(slot)].lower()

    def waiting_words(self, slot: int, left: int) -> str:
        """How long the player's own offer waits: a membership is weighed over turns."""
        wait = weighing_turns(self.host.game, slot)
        if wait > 0:
            return f"being weighed, answer expected in {counted(wait + 1, 'turn')}"
        return f"answered at this End Turn ({counted(left, 'turn')} left)"

    def list_rect(self) -> pygame.Rect:
        """The offers list: the upper part of the left panel (the player's side goes under)."""
        r = self.host.left_rect.inflate(-self.host.s(20), -self.host.s(8))
        r.y += self.host.s(26)
        r.h = max(self.host.s(90), (r.h - self.host.s(26)) * 9 // 20)
        return r

    def sides_lines(self) -> list[tuple[str, str]]:
        """The player's side of the selected offer, then the deals in force."""
        lines: list[tuple[str, str]] = []
        slot = self.selected_slot()
        if slot is not None:
            game = self.host.game
            o = self.host.state.offers
            offer = OfferDraft(
                kind=game.offer_kind(slot),
                target=int(o.target[0, slot]),
                bloc=int(o.bloc[0, slot]),
                funds=float(o.funds[0, slot]),
                tech=float(o.tech[0, slot]),
                seats=int(o.seats[0, slot]),
                payload=int(o.payload[0, slot]),
            )
            sender = int(o.sender[0, slot])
            seen = self.inbox_prediction
            step = seen.steps[0] if seen is not None and seen.steps else None
            lines += offer_sides(game, self.host.player, sender, offer, step).lines()
        deals = deals_in_force(self.host.game, self.host.player)
        return lines + (deals or [("No deals in force.", "muted")]) + self.last_answers()

    def last_answers(self) -> list[tuple[str, str]]:
        """Last turn's answers to offers the player sent or received, in the news's words
        (a refusal names the rule the engine recorded)."""
        report = self.host.game.report()
        if report is None:
            return []
        ev, me = report.events, self.host.player
        tones = {"offer_accepted": "good", "offer_refused": "bad"}
        out = []
        for r in range(ev.n_rows):
            code = st.EVENT_CODES[int(ev.code[r])]
            if not code.startswith("offer_") or me not in (int(ev.nation[r]), int(ev.other[r])):
                continue
            text = event_sentence(self.host.game.catalog, ev, r, me, report.before)
            if text.startswith("Your "):  # mid-line after "Last turn:"
                text = "your " + text[5:]
            out.append((f"Last turn: {text}", tones.get(code, "muted")))
        return out

    def build(self) -> None:
        slots = self.mail()
        r = self.list_rect()
        self.inbox_list, self.cut_rows = None, {}
        if not slots:
            self.host.textbox(
                r,
                "No offers are waiting for your answer, and none of yours is open.<br><br>"
                "Offers other nations send you appear here; answer them before you end the "
                "turn, or they stay open until they expire. Your own offers appear here too "
                "until they are answered.",
                cls="@plain",
            )
            return
        self.inbox_index = min(self.inbox_index, len(slots) - 1)
        # Offers the rules stop the player from accepting say why on their row.
        self.row_predictions = {}
        for slot in self.inbox():
            seen = self.incoming_prediction(slot)
            if seen is not None and not seen.allowed:
                self.row_predictions[slot] = seen
        rows = []
        # a row longer than the list ends in an ellipsis (it was clipped mid-word) and shows
        # whole on hover (``draw``); the whole offer is also in the panels below and beside it
        room = r.w - self.host.s(2 * 10 + 24)
        face = th.font(self.host.s(15))
        for slot in slots:
            whole = self.inbox_row(slot)
            text = fit(whole, face, room)
            while text in rows:  # rows are told apart by their text
                text += " "
            rows.append(text)
            if text.rstrip() != whole:
                self.cut_rows[text] = whole
        self.inbox_list = pygame_gui.elements.UISelectionList(
            r,
            rows,
            manager=self.host.app.manager,
            container=self.host.root,
            default_selection=rows[self.inbox_index],
        )
        rr = self.host.right_rect.inflate(-self.host.s(20), 0)
        y = self.host.right_rect.bottom - self.host.s(50)
        accept = self.host.button(
            pygame.Rect(rr.x, y, self.host.s(130), self.host.s(38)),
            "Accept  [A]",
            cls="@primary",
            on=lambda: self.answer(st.ANSWER_ACCEPT),
        )
        reject = self.host.button(
            pygame.Rect(rr.x + self.host.s(140), y, self.host.s(130), self.host.s(38)),
            "Reject  [R]",
            cls="@danger",
            on=lambda: self.answer(st.ANSWER_REJECT),
        )
        self.inbox_prediction = self.incoming_prediction(slots[self.inbox_index])
        if slots[self.inbox_index] not in self.inbox():
            accept.disable()
            reject.disable()
        elif self.inbox_prediction is not None and not self.inbox_prediction.allowed:
            accept.disable()

    def incoming_prediction(self, slot: int):
        """The advisers' view of an open offer: of one to the player, or of the player's own."""
        return self.host.game.predict_slot(slot, viewer=self.host.player)

    def answer(self, value: int) -> None:
        slot = self.selected_slot()
        if slot is None or slot not in self.inbox():
            return
        self.host.draft.answers[slot] = value
        word = "accept" if value == st.ANSWER_ACCEPT else "reject"
        self.host.app.notify(
            f"You will {word} {possessive(self.host.game.name(int(self.host.state.offers.sender[0, slot])))} offer."
        )
        self.host.rebuild()

    def note_cut_rows(self, surface: pygame.Surface) -> None:
        """The rows shown shortened, where they are on screen, noted so hovering one shows it
        whole (the list's rows are pygame_gui buttons, drawn after the screen)."""
        if self.inbox_list is None or not self.cut_rows:
            return
        view = self.inbox_list.item_list_container.get_abs_rect()
        for row in self.inbox_list.item_list_container.elements:
            whole = self.cut_rows.get(row.text)
            if whole is not None and row.visible and view.contains(row.rect):
                note_cut(surface, row.rect, whole)

    def draw(self, surface: pygame.Surface) -> None:
        self.note_cut_rows(surface)
        incoming = len(self.inbox())
        sent = len(self.mail()) - incoming
        self.host.draw_heading(
            surface,
            self.host.left_rect,
            f"Offers to you: {incoming} open  ·  yours awaiting: {sent}",
        )
        lr = self.list_rect()
        below = pygame.Rect(
            lr.x + self.host.s(2),
            lr.bottom + self.host.s(10),
            lr.w - self.host.s(4),
            self.host.left_rect.bottom - lr.bottom - self.host.s(14),
        )
        title = "Your side of this offer" if self.mail() else "Your deals"
        self.sides_panel.draw(
            surface, below, self.sides_lines(), self.host.app.scale, self.host.colours, title
        )
        slot = self.selected_slot()
        if slot is None:
            self.host.draw_heading(surface, self.host.right_rect, "Nothing to answer")
            return
        o = self.host.state.offers
        if int(o.sender[0, slot]) == self.host.player:
            heading = f"Your offer to {self.host.game.name(int(o.target[0, slot]))}"
        else:
            heading = f"From {self.host.game.name(int(o.sender[0, slot]))}"
        advice = None
        if slot in self.inbox():
            advice = self.host.advise(
                f"accepting {possessive(self.host.game.name(int(o.sender[0, slot])))} offer",
                answers={slot: st.ANSWER_ACCEPT},
                instead={slot: st.ANSWER_REJECT},
                rather="declining it",
            )
        terms = self.host.game.offer_terms(slot)
        text = self.host.game.offer_text(slot)
        panels.draw_offer_terms(
            surface,
            self.host.right_rect,
            heading,
            terms,
            text,
            self.inbox_prediction,
            self.host.app.scale,
            self.host.colours,
            outgoing=int(o.sender[0, slot]) == self.host.player,
            advice=advice,
        )
