# expect: none
"""A long calculation that touches no infrastructure at all."""


def amortization_schedule(principal, yearly_rate, months, extra_payment=0.0):
    monthly_rate = yearly_rate / 12
    if monthly_rate == 0:
        payment = principal / months
    else:
        payment = principal * monthly_rate / (1 - (1 + monthly_rate) ** -months)
    balance = principal
    schedule = []
    total_interest = 0.0
    for month in range(1, months + 1):
        interest = balance * monthly_rate
        principal_part = payment - interest + extra_payment
        if principal_part > balance:
            principal_part = balance
        balance -= principal_part
        total_interest += interest
        schedule.append(
            {
                "month": month,
                "interest": round(interest, 2),
                "principal": round(principal_part, 2),
                "balance": round(balance, 2),
            }
        )
        if balance <= 0:
            break
    summary = {"payment": round(payment, 2), "interest": round(total_interest, 2)}
    summary["months"] = len(schedule)
    summary["saved_months"] = months - len(schedule)
    return schedule, summary
